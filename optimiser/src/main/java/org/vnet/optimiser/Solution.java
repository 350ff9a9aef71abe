package org.vnet.optimiser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mutable mapping with paths: each VM's host (-1 while unplaced), each flow's path (null while unrouted) and the
 * load those paths put on each link. Scored by the formula of {@link Score}.
 */
final class Solution {
    final Model model;
    final int[] host;
    final Path[] path;
    final double[] load;
    final int[] used;

    Solution(final Model model) {
        this.model = model;
        host = new int[model.vms.length];
        Arrays.fill(host, -1);
        path = new Path[model.flowCount()];
        load = new double[model.bandwidth.length];
        used = new int[model.hostCount];
    }

    void copyFrom(final Solution other) {
        System.arraycopy(other.host, 0, host, 0, host.length);
        System.arraycopy(other.path, 0, path, 0, path.length);
        System.arraycopy(other.load, 0, load, 0, load.length);
        System.arraycopy(other.used, 0, used, 0, used.length);
    }

    boolean hasRoom(final int h) {
        return used[h] < model.capacity[h];
    }

    /** Puts VM {@code vm} on host {@code h} (or nowhere when -1); paths are left as they are. */
    void place(final int vm, final int h) {
        if (host[vm] >= 0) {
            used[host[vm]]--;
        }
        host[vm] = h;
        if (h >= 0) {
            used[h]++;
        }
    }

    /** Replaces flow {@code f}'s path (null unroutes it), moving its rate from the old links to the new ones. */
    void route(final int f, final Path p) {
        final double rate = model.flowRate[f];
        if (path[f] != null) {
            for (final int e : path[f].links()) {
                load[e] -= rate;
            }
        }
        path[f] = p;
        if (p != null) {
            for (final int e : p.links()) {
                load[e] += rate;
            }
        }
    }

    int srcHost(final int f) {
        return host[model.flowSrc[f]];
    }

    int dstHost(final int f) {
        return host[model.flowDst[f]];
    }

    /** Flow {@code f}'s term of the bandwidth score: its smallest residual, or the intra-host bandwidth. */
    double residual(final int f) {
        final int[] links = path[f].links();
        if (links.length == 0) {
            return model.intraHostBandwidth;
        }
        double min = Double.POSITIVE_INFINITY;
        for (final int e : links) {
            min = Math.min(min, model.bandwidth[e] - load[e]);
        }
        return min;
    }

    /** {@link Score#value()} of this solution, counting the routed flows only. */
    double value() {
        double bandwidth = 0;
        double latency = 0;
        for (int f = 0; f < path.length; f++) {
            if (path[f] != null) {
                bandwidth += residual(f);
                latency += model.flowRate[f] * path[f].latency();
            }
        }
        return bandwidth - Score.LATENCY_WEIGHT * meanLatency(latency);
    }

    Score score() {
        double bandwidth = 0;
        double latency = 0;
        for (int f = 0; f < path.length; f++) {
            bandwidth += residual(f);
            latency += model.flowRate[f] * path[f].latency();
        }
        return new Score(bandwidth, meanLatency(latency));
    }

    private double meanLatency(final double weighted) {
        return model.totalRate > 0 ? weighted / model.totalRate : 0;
    }

    /** The public form of this solution; {@code current} is the current mapping's score or null. */
    Plan toPlan(final Score current) {
        final Map<String, String> mapping = new HashMap<>();
        for (int v = 0; v < host.length; v++) {
            mapping.put(model.vms[v], model.nodes[host[v]]);
        }
        final Map<String, Map<String, Double>> overlay = new TreeMap<>();
        final List<Route> routes = new ArrayList<>();
        for (int f = 0; f < path.length; f++) {
            final String a = model.nodes[srcHost(f)];
            final String b = model.nodes[dstHost(f)];
            if (!a.equals(b)) {
                final boolean ordered = a.compareTo(b) < 0;
                overlay.computeIfAbsent(ordered ? a : b, k -> new TreeMap<>())
                    .merge(ordered ? b : a, model.flowRate[f], Double::sum);
            }
            final List<String> nodes = new ArrayList<>();
            for (final int n : path[f].nodes()) {
                nodes.add(model.nodes[n]);
            }
            if (path[f].first() != srcHost(f)) {
                Collections.reverse(nodes);
            }
            routes.add(new Route(model.vms[model.flowSrc[f]], model.vms[model.flowDst[f]], model.flowRate[f], nodes,
                residual(f)));
        }
        final List<OverlayLink> links = new ArrayList<>();
        overlay.forEach((a, row) -> row.forEach((b, rate) -> links.add(new OverlayLink(a, b, rate))));
        return new Plan(mapping, links, routes, score(), current);
    }
}
