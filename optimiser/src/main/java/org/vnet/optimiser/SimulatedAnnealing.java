package org.vnet.optimiser;

import java.util.SplittableRandom;

/**
 * Simulated annealing over mappings and paths, from a random mapping or from {@link Greedy}'s plan (or the current
 * mapping when that scores better).
 * <p>
 * A step makes one random move on a copy of the current solution: swap two VMs on different hosts, move one VM to
 * another host with room (the moved VMs' flows are re-routed, heaviest first, on the {@link PathCatalog} candidate with
 * the widest residual), or put one inter-host flow on another candidate path. A move that changes the score by
 * {@code delta} is accepted when {@code delta >= 0}, else with probability {@code exp(delta / T)}.
 * <p>
 * Cooling schedule: {@code T(k) = T0 * alpha^k} for step {@code k}, with {@code alpha = END_RATIO^(1 / steps)} so that
 * T falls to {@code T0 * END_RATIO} by the last step. {@code T0} is the mean loss of the worsening moves among
 * {@link #SAMPLES} random moves from the start, so such a move is first accepted with probability about e^-1 (without
 * any worsening move, 0.1 % of the start's value, at least 1). Reheat and stop: after
 * {@code steps / 10} steps without a new best, the search restarts from the best solution at {@code T0 / 2^n} for the
 * n-th such stall; the fourth stall ends it early. The best solution seen (never worse than the start) is
 * returned. The same seed gives the same plan.
 */
public final class SimulatedAnnealing implements Optimiser {
    /** Steps taken by default. */
    public static final int DEFAULT_STEPS = 20_000;
    /** The final temperature as a fraction of the first. */
    static final double END_RATIO = 1e-4;
    /** Random moves sampled to set the first temperature. */
    static final int SAMPLES = 64;
    /** Stalls (steps / 10 steps without a new best) that end the search. */
    static final int MAX_STALLS = 4;

    private final long seed;
    private final int steps;
    private final boolean fromGreedy;

    private SimulatedAnnealing(final long seed, final int steps, final boolean fromGreedy) {
        if (steps < 1) {
            throw new IllegalArgumentException("annealing needs at least one step, got " + steps);
        }
        this.seed = seed;
        this.steps = steps;
        this.fromGreedy = fromGreedy;
    }

    /** Annealing from a random mapping drawn with {@code seed}. */
    public static SimulatedAnnealing fromRandom(final long seed, final int steps) {
        return new SimulatedAnnealing(seed, steps, false);
    }

    /**
     * Annealing from {@link Greedy}'s plan, or from the current mapping when the problem has a complete one that
     * scores better, so the plan is never worse than either.
     */
    public static SimulatedAnnealing fromGreedy(final long seed, final int steps) {
        return new SimulatedAnnealing(seed, steps, true);
    }

    @Override
    public Plan solve(final Problem problem) {
        final Model model = Model.of(problem);
        final WidestPath search = new WidestPath(model);
        final PathCatalog catalog = new PathCatalog(model);
        final SplittableRandom random = new SplittableRandom(seed);
        final Solution current = Routing.current(model, search);
        final Score currentScore = current == null ? null : current.score();
        Solution start = fromGreedy ? new Greedy().solve(model, search) : randomStart(model, catalog, random);
        if (fromGreedy && current != null && current.value() > start.value()) {
            start = current;
        }
        return anneal(start, catalog, random).toPlan(currentScore);
    }

    private Solution anneal(final Solution start, final PathCatalog catalog, final SplittableRandom random) {
        final Model m = start.model;
        final Moves moves = new Moves(catalog, random);
        Solution current = start;
        Solution candidate = new Solution(m);
        final Solution best = new Solution(m);
        best.copyFrom(current);
        double currentValue = current.value();
        double bestValue = currentValue;
        final double t0 = firstTemperature(current, currentValue, candidate, moves);
        final double alpha = Math.pow(END_RATIO, 1.0 / steps);
        double temperature = t0;
        int sinceBest = 0;
        int stalls = 0;
        for (int k = 0; k < steps; k++, temperature *= alpha) {
            candidate.copyFrom(current);
            if (!moves.apply(candidate)) {
                break;
            }
            final double value = candidate.value();
            final double delta = value - currentValue;
            if (delta >= 0 || random.nextDouble() < Math.exp(delta / temperature)) {
                final Solution swap = current;
                current = candidate;
                candidate = swap;
                currentValue = value;
                if (value > bestValue) {
                    best.copyFrom(current);
                    bestValue = value;
                    sinceBest = 0;
                    continue;
                }
            }
            if (++sinceBest >= Math.max(1, steps / 10)) {
                if (++stalls == MAX_STALLS) {
                    break;
                }
                current.copyFrom(best);
                currentValue = bestValue;
                temperature = t0 / (1 << stalls);
                sinceBest = 0;
            }
        }
        return best;
    }

    private static double firstTemperature(
        final Solution start, final double value, final Solution scratch, final Moves moves) {
        double loss = 0;
        int worse = 0;
        for (int i = 0; i < SAMPLES; i++) {
            scratch.copyFrom(start);
            if (moves.apply(scratch)) {
                final double delta = scratch.value() - value;
                if (delta < 0) {
                    loss -= delta;
                    worse++;
                }
            }
        }
        return worse == 0 ? Math.max(1.0, Math.abs(value) * 1e-3) : loss / worse;
    }

    private static Solution randomStart(final Model m, final PathCatalog catalog, final SplittableRandom random) {
        final Solution s = new Solution(m);
        for (int v = 0; v < m.vms.length; v++) {
            int room = 0;
            for (int h = 0; h < m.hostCount; h++) {
                room += s.hasRoom(h) ? 1 : 0;
            }
            int pick = random.nextInt(room);
            for (int h = 0; h < m.hostCount; h++) {
                if (s.hasRoom(h) && pick-- == 0) {
                    s.place(v, h);
                    break;
                }
            }
        }
        for (int f = 0; f < m.flowCount(); f++) {
            Routing.bestCandidate(s, catalog, f);
        }
        return s;
    }
}
