package org.vnet.optimiser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the optimisers solve: place every VM on a host and route every VM pair with demand.
 *
 * @param network            the network and the hosts' capacities.
 * @param demand             the traffic matrix.
 * @param currentMapping     where the VMs run now (VM to host); may be empty or partial. A complete one is
 *                           scored so that a {@link Plan} reports its gain.
 * @param intraHostBandwidth the score of a VM pair on one host (bytes per second): such a pair crosses no link.
 */
public record Problem(Network network, Demand demand, Map<String, String> currentMapping, double intraHostBandwidth) {
    /** 10 Gbit/s in bytes per second: a default for {@link #intraHostBandwidth()}. */
    public static final double DEFAULT_INTRA_HOST_BANDWIDTH = 1.25e9;

    /** Checks the current mapping against the network and that every VM fits on some host. */
    public Problem {
        currentMapping = Map.copyOf(currentMapping);
        if (!(intraHostBandwidth > 0) || Double.isInfinite(intraHostBandwidth)) {
            throw new IllegalArgumentException("intra-host bandwidth must be positive and finite, got " +
                intraHostBandwidth);
        }
        final Map<String, Integer> running = new HashMap<>();
        for (final Map.Entry<String, String> entry : new TreeMap<>(currentMapping).entrySet()) {
            final Host host = network.host(entry.getValue());
            if (host == null) {
                throw new IllegalArgumentException("VM " + entry.getKey() + " is on unknown host " + entry.getValue());
            }
            final int count = running.merge(host.name(), 1, Integer::sum);
            if (count > host.capacity()) {
                throw new IllegalArgumentException("host " + host.name() + " runs more VMs in the current mapping (" +
                    count + ") than its capacity (" + host.capacity() + ")");
            }
        }
        long capacity = 0;
        for (final Host host : network.hosts()) {
            capacity += host.capacity();
        }
        final List<String> vms = new ArrayList<>(new TreeSet<>(currentMapping.keySet()));
        for (final String vm : demand.vms()) {
            if (!currentMapping.containsKey(vm)) {
                vms.add(vm);
            }
        }
        if (vms.size() > capacity) {
            throw new IllegalArgumentException("VM " + vms.get((int)capacity) + " fits on no host: every host is full (" +
                vms.size() + " VMs, total capacity " + capacity + ")");
        }
    }

    /** A problem with no current mapping and the {@link #DEFAULT_INTRA_HOST_BANDWIDTH}. */
    public Problem(final Network network, final Demand demand) {
        this(network, demand, Map.of(), DEFAULT_INTRA_HOST_BANDWIDTH);
    }

    /** Every VM to place: those in the demand and those in the current mapping, sorted. */
    public Set<String> vms() {
        return vms(demand, currentMapping);
    }

    private static Set<String> vms(final Demand demand, final Map<String, String> currentMapping) {
        final Set<String> vms = new TreeSet<>(demand.vms());
        vms.addAll(currentMapping.keySet());
        return vms;
    }
}
