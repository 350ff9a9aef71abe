package org.vnet.optimiser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Problem} in indices: nodes (hosts first, so a host's number is its node index), links, VMs and flows
 * (heaviest first). Immutable.
 */
final class Model {
    final Problem problem;
    final String[] nodes;
    final int hostCount;
    final int[] capacity;
    final int[] linkA;
    final int[] linkB;
    final double[] bandwidth;
    final double[] latency;
    final int[][] nodeLinks;
    final String[] vms;
    final int[] flowSrc;
    final int[] flowDst;
    final double[] flowRate;
    final double totalRate;
    final int[][] vmFlows;
    final int[] currentHost;
    final double intraHostBandwidth;
    final Path[] local;

    private Model(final Problem problem) {
        this.problem = problem;
        final Network network = problem.network();
        hostCount = network.hosts().size();
        nodes = new String[hostCount + network.switches().size()];
        capacity = new int[hostCount];
        final Map<String, Integer> nodeIndex = new HashMap<>();
        for (int h = 0; h < hostCount; h++) {
            nodes[h] = network.hosts().get(h).name();
            capacity[h] = network.hosts().get(h).capacity();
            nodeIndex.put(nodes[h], h);
        }
        for (int i = 0; i < network.switches().size(); i++) {
            nodes[hostCount + i] = network.switches().get(i);
            nodeIndex.put(nodes[hostCount + i], hostCount + i);
        }
        final int links = network.links().size();
        linkA = new int[links];
        linkB = new int[links];
        bandwidth = new double[links];
        latency = new double[links];
        final List<List<Integer>> adjacent = new ArrayList<>();
        for (int n = 0; n < nodes.length; n++) {
            adjacent.add(new ArrayList<>());
        }
        for (int e = 0; e < links; e++) {
            final Link link = network.links().get(e);
            linkA[e] = nodeIndex.get(link.a());
            linkB[e] = nodeIndex.get(link.b());
            bandwidth[e] = link.bandwidth();
            latency[e] = link.latencyMicros();
            adjacent.get(linkA[e]).add(e);
            adjacent.get(linkB[e]).add(e);
        }
        nodeLinks = new int[nodes.length][];
        for (int n = 0; n < nodes.length; n++) {
            nodeLinks[n] = adjacent.get(n).stream().mapToInt(Integer::intValue).toArray();
        }

        vms = problem.vms().toArray(new String[0]);
        final Map<String, Integer> vmIndex = new HashMap<>();
        for (int v = 0; v < vms.length; v++) {
            vmIndex.put(vms[v], v);
        }
        final List<Flow> flows = problem.demand().positive();
        flows.sort(Comparator.comparingDouble(Flow::bytesPerSecond).reversed()
            .thenComparing(Flow::src).thenComparing(Flow::dst));
        flowSrc = new int[flows.size()];
        flowDst = new int[flows.size()];
        flowRate = new double[flows.size()];
        final List<List<Integer>> touching = new ArrayList<>();
        for (int v = 0; v < vms.length; v++) {
            touching.add(new ArrayList<>());
        }
        double total = 0;
        for (int f = 0; f < flows.size(); f++) {
            flowSrc[f] = vmIndex.get(flows.get(f).src());
            flowDst[f] = vmIndex.get(flows.get(f).dst());
            flowRate[f] = flows.get(f).bytesPerSecond();
            total += flowRate[f];
            touching.get(flowSrc[f]).add(f);
            touching.get(flowDst[f]).add(f);
        }
        totalRate = total;
        vmFlows = new int[vms.length][];
        for (int v = 0; v < vms.length; v++) {
            vmFlows[v] = touching.get(v).stream().mapToInt(Integer::intValue).toArray();
        }
        currentHost = new int[vms.length];
        Arrays.fill(currentHost, -1);
        problem.currentMapping().forEach((vm, host) -> currentHost[vmIndex.get(vm)] = nodeIndex.get(host));
        intraHostBandwidth = problem.intraHostBandwidth();
        local = new Path[hostCount];
        for (int h = 0; h < hostCount; h++) {
            local[h] = new Path(new int[]{h}, new int[0], 0);
        }
    }

    static Model of(final Problem problem) {
        return new Model(problem);
    }

    int flowCount() {
        return flowRate.length;
    }

    /** The end of link {@code e} that is not {@code node}. */
    int across(final int e, final int node) {
        return linkA[e] == node ? linkB[e] : linkA[e];
    }
}
