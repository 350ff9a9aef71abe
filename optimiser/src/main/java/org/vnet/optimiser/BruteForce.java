package org.vnet.optimiser;

/**
 * The exact optimum over every mapping that respects the capacities, each flow routed on the widest path of the
 * unloaded network (the first {@link PathCatalog} candidate). On a network with one path per host pair (a tree) that
 * is the optimum of the whole problem. Refuses problems with more than {@link #MAX_MAPPINGS} mappings.
 */
public final class BruteForce implements Optimiser {
    /** hosts^VMs above this is refused: 4 hosts and 8 VMs. */
    public static final long MAX_MAPPINGS = 1L << 16;

    @Override
    public Plan solve(final Problem problem) {
        final Model m = Model.of(problem);
        final double mappings = Math.pow(m.hostCount, m.vms.length);
        if (mappings > MAX_MAPPINGS) {
            throw new IllegalArgumentException("brute force enumerates hosts^VMs = " + m.hostCount + "^" + m.vms.length +
                " mappings, more than " + MAX_MAPPINGS);
        }
        final Search search = new Search(m, new PathCatalog(m));
        search.visit(0);
        return search.best.toPlan(Routing.currentScore(m, new WidestPath(m)));
    }

    private static final class Search {
        private final Model m;
        private final PathCatalog catalog;
        private final Solution s;
        private final Solution best;
        private double bestValue = Double.NEGATIVE_INFINITY;

        Search(final Model m, final PathCatalog catalog) {
            this.m = m;
            this.catalog = catalog;
            s = new Solution(m);
            best = new Solution(m);
        }

        void visit(final int vm) {
            if (vm == m.vms.length) {
                for (int f = 0; f < m.flowCount(); f++) {
                    s.route(f, catalog.between(s.srcHost(f), s.dstHost(f))[0]);
                }
                final double value = s.value();
                if (value > bestValue) {
                    bestValue = value;
                    best.copyFrom(s);
                }
                return;
            }
            for (int h = 0; h < m.hostCount; h++) {
                if (s.hasRoom(h)) {
                    s.place(vm, h);
                    visit(vm + 1);
                    s.place(vm, -1);
                }
            }
        }
    }
}
