package org.vnet.optimiser;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The greedy heuristic. It takes the VM pairs in decreasing traffic (both directions summed) and places the VMs not
 * yet placed where the flows placed so far score best: a VM whose partner is placed tries every host with room; for a
 * pair with neither VM placed, the host pairs are first ranked by an estimate (per flow between the VMs, or with
 * partners already placed, the widest residual path bandwidth between their hosts minus the traffic, or the intra-host
 * bandwidth when they share a host; less demand-weighted latency on ties) and the best 8 ({@code SHORTLIST}) are tried.
 * Trying a placement routes the VM's flows to placed partners on their widest residual paths, heaviest first, and
 * scores the routed flows ({@link Score}). VMs without traffic fill the emptiest hosts. At the end every flow is routed
 * again, heaviest first, on its widest residual path.
 */
public final class Greedy implements Optimiser {
    @Override
    public Plan solve(final Problem problem) {
        final Model model = Model.of(problem);
        final WidestPath search = new WidestPath(model);
        return solve(model, search).toPlan(Routing.currentScore(model, search));
    }

    Solution solve(final Model m, final WidestPath search) {
        final Placement placement = new Placement(m, search);
        final List<int[]> pairs = new ArrayList<>();
        for (int u = 0; u < m.vms.length; u++) {
            for (int v = u + 1; v < m.vms.length; v++) {
                if (placement.traffic[u][v] > 0) {
                    pairs.add(new int[]{u, v});
                }
            }
        }
        pairs.sort(Comparator.comparingDouble((int[] p) -> -placement.traffic[p[0]][p[1]]));
        final Solution s = placement.solution;
        for (final int[] pair : pairs) {
            final int u = pair[0];
            final int v = pair[1];
            if (s.host[u] < 0 && s.host[v] < 0) {
                placement.placePair(u, v);
            } else if (s.host[u] < 0 || s.host[v] < 0) {
                placement.placeOne(s.host[u] < 0 ? u : v);
            }
        }
        for (int v = 0; v < m.vms.length; v++) {
            if (s.host[v] < 0) {
                s.place(v, placement.emptiest());
            }
        }
        Routing.widestResidual(s, search);
        return s;
    }

    /** The state of one greedy run. */
    private static final class Placement {
        static final int SHORTLIST = 8;
        final Model m;
        final WidestPath search;
        final Solution solution;
        final double[][] traffic;
        final int[][] flows;
        final double[][] width;
        final double[][] latency;
        final double[] residual;

        Placement(final Model m, final WidestPath search) {
            this.m = m;
            this.search = search;
            solution = new Solution(m);
            traffic = new double[m.vms.length][m.vms.length];
            flows = new int[m.vms.length][m.vms.length];
            for (int f = 0; f < m.flowCount(); f++) {
                traffic[m.flowSrc[f]][m.flowDst[f]] += m.flowRate[f];
                traffic[m.flowDst[f]][m.flowSrc[f]] += m.flowRate[f];
                flows[m.flowSrc[f]][m.flowDst[f]]++;
                flows[m.flowDst[f]][m.flowSrc[f]]++;
            }
            width = new double[m.hostCount][m.hostCount];
            latency = new double[m.hostCount][m.hostCount];
            residual = new double[m.bandwidth.length];
        }

        /** Widest residual paths between all host pairs under the flows routed so far. */
        void measure() {
            for (int e = 0; e < residual.length; e++) {
                residual[e] = m.bandwidth[e] - solution.load[e];
            }
            for (int a = 0; a < m.hostCount; a++) {
                search.widestFrom(a, residual);
                for (int b = 0; b < m.hostCount; b++) {
                    width[a][b] = a == b ? m.intraHostBandwidth : search.width(b);
                    latency[a][b] = a == b ? 0 : search.latency(b);
                }
            }
        }

        /**
         * Places two unplaced VMs: the {@link #SHORTLIST} host pairs with the best estimate (see the class comment)
         * are tried for real and the one that leaves the best partial score wins.
         */
        void placePair(final int u, final int v) {
            measure();
            final int hosts = m.hostCount;
            final List<double[]> candidates = new ArrayList<>();
            for (int a = 0; a < hosts; a++) {
                if (!solution.hasRoom(a)) {
                    continue;
                }
                for (int b = 0; b < hosts; b++) {
                    if (m.capacity[b] - solution.used[b] >= (a == b ? 2 : 1)) {
                        final double gain = gain(u, a) + gain(v, b) + term(u, v, a, b);
                        final double delay = delay(u, a) + delay(v, b) + traffic[u][v] * latency[a][b];
                        candidates.add(new double[]{a, b, gain, delay});
                    }
                }
            }
            candidates.sort((x, y) -> x[2] != y[2] ? Double.compare(y[2], x[2]) : Double.compare(x[3], y[3]));
            int bestA = -1;
            int bestB = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < Math.min(SHORTLIST, candidates.size()); i++) {
                final int a = (int)candidates.get(i)[0];
                final int b = (int)candidates.get(i)[1];
                place(u, a);
                place(v, b);
                final double value = solution.value();
                unplace(v);
                unplace(u);
                if (bestA < 0 || value > bestValue) {
                    bestA = a;
                    bestB = b;
                    bestValue = value;
                }
            }
            place(u, bestA);
            place(v, bestB);
        }

        /** Places one VM on the host with room that leaves the best partial score, each host tried for real. */
        void placeOne(final int vm) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int h = 0; h < m.hostCount; h++) {
                if (solution.hasRoom(h)) {
                    place(vm, h);
                    final double value = solution.value();
                    unplace(vm);
                    if (best < 0 || value > bestValue) {
                        best = h;
                        bestValue = value;
                    }
                }
            }
            place(vm, best);
        }

        int emptiest() {
            int best = -1;
            for (int h = 0; h < m.hostCount; h++) {
                final int free = m.capacity[h] - solution.used[h];
                if (free > 0 && (best < 0 || free > m.capacity[best] - solution.used[best])) {
                    best = h;
                }
            }
            return best;
        }

        /** What VM {@code vm} on host {@code h} is worth to its flows with the VMs already placed. */
        private double gain(final int vm, final int h) {
            double gain = 0;
            for (int w = 0; w < m.vms.length; w++) {
                if (solution.host[w] >= 0) {
                    gain += term(vm, w, h, solution.host[w]);
                }
            }
            return gain;
        }

        private double term(final int u, final int v, final int a, final int b) {
            if (flows[u][v] == 0) {
                return 0;
            }
            return flows[u][v] * (a == b ? m.intraHostBandwidth : width[a][b] - traffic[u][v]);
        }

        private double delay(final int vm, final int h) {
            double delay = 0;
            for (int w = 0; w < m.vms.length; w++) {
                if (solution.host[w] >= 0) {
                    delay += traffic[vm][w] * latency[h][solution.host[w]];
                }
            }
            return delay;
        }

        /** Places {@code vm} and routes its flows with the VMs already placed, heaviest first. */
        private void place(final int vm, final int h) {
            solution.place(vm, h);
            for (final int f : m.vmFlows[vm]) {
                final int a = solution.srcHost(f);
                final int b = solution.dstHost(f);
                if (a >= 0 && b >= 0) {
                    for (int e = 0; e < residual.length; e++) {
                        residual[e] = m.bandwidth[e] - solution.load[e];
                    }
                    solution.route(f, a == b ? m.local[a] : search.widest(a, b, residual, null));
                }
            }
        }

        private void unplace(final int vm) {
            for (final int f : m.vmFlows[vm]) {
                solution.route(f, null);
            }
            solution.place(vm, -1);
        }
    }
}
