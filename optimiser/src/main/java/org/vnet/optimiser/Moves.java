package org.vnet.optimiser;

import java.util.SplittableRandom;

/** The random moves of {@link SimulatedAnnealing}: swap two VMs, move one VM, re-route one flow. */
final class Moves {
    private static final int TRIES = 8;

    private final PathCatalog catalog;
    private final SplittableRandom random;
    private int[] mark = new int[0];
    private int stamp;

    Moves(final PathCatalog catalog, final SplittableRandom random) {
        this.catalog = catalog;
        this.random = random;
    }

    /** Applies one random move to {@code s}; false when no kind of move is possible. */
    boolean apply(final Solution s) {
        final int first = random.nextInt(3);
        for (int i = 0; i < 3; i++) {
            final int kind = (first + i) % 3;
            final boolean done = kind == 0 ? swap(s) : kind == 1 ? move(s) : reroute(s);
            if (done) {
                return true;
            }
        }
        return false;
    }

    private boolean swap(final Solution s) {
        final int vms = s.host.length;
        if (vms < 2) {
            return false;
        }
        for (int t = 0; t < TRIES; t++) {
            final int u = random.nextInt(vms);
            final int v = random.nextInt(vms);
            if (s.host[u] != s.host[v]) {
                final int hu = s.host[u];
                s.place(u, s.host[v]);
                s.place(v, hu);
                reroute(s, u, v);
                return true;
            }
        }
        return false;
    }

    private boolean move(final Solution s) {
        final Model m = s.model;
        if (s.host.length == 0) {
            return false;
        }
        final int vm = random.nextInt(s.host.length);
        final int offset = random.nextInt(m.hostCount);
        for (int i = 0; i < m.hostCount; i++) {
            final int h = (offset + i) % m.hostCount;
            if (h != s.host[vm] && s.hasRoom(h)) {
                s.place(vm, h);
                reroute(s, vm, vm);
                return true;
            }
        }
        return false;
    }

    private boolean reroute(final Solution s) {
        final int flows = s.path.length;
        for (int t = 0; t < TRIES && flows > 0; t++) {
            final int f = random.nextInt(flows);
            final Path[] candidates = catalog.between(s.srcHost(f), s.dstHost(f));
            if (candidates.length > 1) {
                Path next = candidates[random.nextInt(candidates.length - 1)];
                if (next == s.path[f]) {
                    next = candidates[candidates.length - 1];
                }
                s.route(f, next);
                return true;
            }
        }
        return false;
    }

    /** Unroutes the flows of VMs {@code u} and {@code v}, then routes them again, heaviest first. */
    private void reroute(final Solution s, final int u, final int v) {
        if (mark.length != s.path.length) {
            mark = new int[s.path.length];
        }
        stamp++;
        for (final int f : s.model.vmFlows[u]) {
            mark[f] = stamp;
        }
        for (final int f : s.model.vmFlows[v]) {
            mark[f] = stamp;
        }
        for (int f = 0; f < s.path.length; f++) {
            if (mark[f] == stamp) {
                s.route(f, null);
            }
        }
        for (int f = 0; f < s.path.length; f++) {
            if (mark[f] == stamp) {
                Routing.bestCandidate(s, catalog, f);
            }
        }
    }
}
