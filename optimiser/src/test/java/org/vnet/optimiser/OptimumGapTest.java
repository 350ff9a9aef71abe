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
 * The heuristics' gap to the exact optimum on 50 seeded random trees (4 hosts, 8 VMs, one path per host pair, so
 * {@link BruteForce} is the optimum of the whole problem). Prints the table and writes it to
 * {@code target/optimiser-gap.md}; docs/optimiser.md quotes it.
 */
class OptimumGapTest {
    static final int INSTANCES = 50;
    static final int STEPS = SimulatedAnnealing.DEFAULT_STEPS;

    @Test
    void shouldNeverBeatTheOptimumAndReportTheGap() throws IOException {
        final String[] names = {"greedy", "annealing", "greedy+annealing"};
        final List<List<Double>> gaps = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < INSTANCES; i++) {
            final long seed = 1000 + i;
            final Problem problem = RandomInstances.tree(seed, 4, 2 + i % 3, 8, 2 + i % 2, 0.25 + 0.05 * (i % 5));
            final double optimum = new BruteForce().solve(problem).score().value();
            final double greedy = new Greedy().solve(problem).score().value();
            final double[] values = {
                greedy,
                SimulatedAnnealing.fromRandom(seed, STEPS).solve(problem).score().value(),
                SimulatedAnnealing.fromGreedy(seed, STEPS).solve(problem).score().value()};
            final double tolerance = 1e-9 * Math.max(1, Math.abs(optimum));
            for (int a = 0; a < names.length; a++) {
                assertTrue(values[a] <= optimum + tolerance,
                    names[a] + " beat the optimum on seed " + seed + ": " + values[a] + " > " + optimum);
                gaps.get(a).add(Math.max(0, optimum - values[a]) / Math.abs(optimum));
            }
            assertTrue(values[2] >= greedy - tolerance, "greedy+annealing lost to greedy on seed " + seed);
        }
        final String table = table(names, gaps);
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "optimiser-gap.md"), table);
    }

    private static String table(final String[] names, final List<List<Double>> gaps) {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d instances, annealing %d steps; gap = (optimum - score) / |optimum|%n%n",
            INSTANCES, STEPS));
        out.append("| algorithm | at optimum | mean gap | median gap | worst gap |\n");
        out.append("|---|---|---|---|---|\n");
        for (int a = 0; a < names.length; a++) {
            final List<Double> sorted = new ArrayList<>(gaps.get(a));
            sorted.sort(null);
            int optimal = 0;
            double sum = 0;
            for (final double gap : sorted) {
                optimal += gap <= 1e-9 ? 1 : 0;
                sum += gap;
            }
            out.append(String.format(Locale.ROOT, "| %s | %d / %d | %.2f %% | %.2f %% | %.2f %% |%n", names[a], optimal,
                sorted.size(), 100 * sum / sorted.size(), 100 * sorted.get(sorted.size() / 2),
                100 * sorted.get(sorted.size() - 1)));
        }
        return out.toString();
    }
}
