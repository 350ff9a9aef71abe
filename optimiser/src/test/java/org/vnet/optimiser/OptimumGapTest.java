package org.vnet.optimiser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heuristics' gap to {@link BruteForce} on 50 seeded random instances of 4 hosts and 8 VMs. On trees (one path per
 * host pair) brute force is the optimum of the whole problem; with extra links it is the best mapping under widest-path
 * routing, which re-routing may beat. Prints the tables and writes them to {@code target/optimiser-gap*.md};
 * docs/optimiser.md quotes them.
 */
class OptimumGapTest {
    static final int INSTANCES = 50;
    static final int STEPS = SimulatedAnnealing.DEFAULT_STEPS;
    static final String[] NAMES = {"greedy", "annealing", "greedy+annealing"};

    @Test
    void shouldNeverBeatTheOptimumOnTreesAndReportTheGap() throws IOException {
        final String table = gaps(0, true);
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "optimiser-gap.md"), table);
    }

    @Test
    void shouldReportTheGapToBruteForceWhenPathsHaveAlternatives() throws IOException {
        final String table = gaps(3, false);
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "optimiser-gap-alternatives.md"), table);
    }

    /** Runs the 50 instances with {@code extraLinks} switch-to-switch links added to the tree. */
    private static String gaps(final int extraLinks, final boolean exact) {
        final List<List<Double>> gaps = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < INSTANCES; i++) {
            final long seed = 1000 + i;
            final Problem problem = RandomInstances.transitStub(seed, 4, 4 + i % 3, extraLinks, 8, 2 + i % 2,
                0.25 + 0.05 * (i % 5));
            final double reference = new BruteForce().solve(problem).score().value();
            final double greedy = new Greedy().solve(problem).score().value();
            final double[] values = {
                greedy,
                SimulatedAnnealing.fromRandom(seed, STEPS).solve(problem).score().value(),
                SimulatedAnnealing.fromGreedy(seed, STEPS).solve(problem).score().value()};
            final double tolerance = 1e-9 * Math.max(1, Math.abs(reference));
            for (int a = 0; a < NAMES.length; a++) {
                if (exact) {
                    assertTrue(values[a] <= reference + tolerance,
                        NAMES[a] + " beat the optimum on seed " + seed + ": " + values[a] + " > " + reference);
                }
                gaps.get(a).add((reference - values[a]) / Math.abs(reference));
            }
            assertTrue(values[2] >= greedy - tolerance, "greedy+annealing lost to greedy on seed " + seed);
        }
        return table(extraLinks, gaps);
    }

    private static String table(final int extraLinks, final List<List<Double>> gaps) {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d instances, %d extra switch links, annealing %d steps; " +
            "gap = (brute force - score) / |brute force|, negative when better%n%n", INSTANCES, extraLinks, STEPS));
        out.append("| algorithm | at brute force (gap within 1e-9) | better | mean gap | median gap | worst gap |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (int a = 0; a < NAMES.length; a++) {
            final List<Double> sorted = new ArrayList<>(gaps.get(a));
            sorted.sort(null);
            int equal = 0;
            int better = 0;
            double sum = 0;
            for (final double gap : sorted) {
                equal += Math.abs(gap) <= 1e-9 ? 1 : 0;
                better += gap < -1e-9 ? 1 : 0;
                sum += gap;
            }
            out.append(String.format(Locale.ROOT, "| %s | %d / %d | %d | %.2f %% | %.2f %% | %.2f %% |%n", NAMES[a],
                equal, sorted.size(), better, percent(sum / sorted.size()), percent(sorted.get(sorted.size() / 2)),
                percent(sorted.get(sorted.size() - 1))));
        }
        return out.toString();
    }

    /** A gap in percent, 0 (not -0.00) when it rounds to zero. */
    private static double percent(final double gap) {
        return Math.abs(gap) < 5e-5 ? 0 : 100 * gap;
    }
}
