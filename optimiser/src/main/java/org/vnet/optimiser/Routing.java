package org.vnet.optimiser;

/** Ways to route the flows of a placed {@link Solution}. */
final class Routing {
    private Routing() {
    }

    /**
     * Routes every flow, heaviest first, on the widest path by residual bandwidth (link bandwidth minus the rates of
     * the flows routed before it), replacing any earlier paths.
     */
    static void widestResidual(final Solution s, final WidestPath search) {
        final Model m = s.model;
        for (int f = 0; f < m.flowCount(); f++) {
            s.route(f, null);
        }
        final double[] residual = new double[m.bandwidth.length];
        for (int f = 0; f < m.flowCount(); f++) {
            for (int e = 0; e < residual.length; e++) {
                residual[e] = m.bandwidth[e] - s.load[e];
            }
            final int a = s.srcHost(f);
            final int b = s.dstHost(f);
            s.route(f, a == b ? m.local[a] : search.widest(a, b, residual, null));
        }
    }

    /**
     * Routes flow {@code f} (currently unrouted) on the catalog candidate with the widest residual bottleneck under
     * the current load, the lower latency on ties.
     */
    static void bestCandidate(final Solution s, final PathCatalog catalog, final int f) {
        final int a = s.srcHost(f);
        final int b = s.dstHost(f);
        Path best = null;
        double bestWidth = Double.NEGATIVE_INFINITY;
        for (final Path p : catalog.between(a, b)) {
            double width = Double.POSITIVE_INFINITY;
            for (final int e : p.links()) {
                width = Math.min(width, s.model.bandwidth[e] - s.load[e]);
            }
            if (best == null || width > bestWidth || (width == bestWidth && p.latency() < best.latency())) {
                best = p;
                bestWidth = width;
            }
        }
        s.route(f, best);
    }

    /** The current mapping routed by {@link #widestResidual}, or null when it does not place every VM. */
    static Solution current(final Model m, final WidestPath search) {
        final Solution s = new Solution(m);
        for (int v = 0; v < m.vms.length; v++) {
            if (m.currentHost[v] < 0) {
                return null;
            }
            s.place(v, m.currentHost[v]);
        }
        widestResidual(s, search);
        return s;
    }

    /** The score of {@link #current}, or null. */
    static Score currentScore(final Model m, final WidestPath search) {
        final Solution s = current(m, search);
        return s == null ? null : s.score();
    }
}
