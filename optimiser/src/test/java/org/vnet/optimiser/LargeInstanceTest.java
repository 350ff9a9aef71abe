package org.vnet.optimiser;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The thesis' scale: 256 nodes, 32 hosts, 8 VMs. The time is measured by the JMH benchmark in bench/. */
class LargeInstanceTest {
    static Problem thesisScale() {
        return RandomInstances.transitStub(7, 32, 224, 32, 8, 2, 0.5);
    }

    @Test
    void shouldPlaceEveryVmWithinCapacityWhenSolvingTheThesisScale() {
        final Problem problem = thesisScale();
        final long start = System.nanoTime();
        final Plan greedy = new Greedy().solve(problem);
        final long greedyDone = System.nanoTime();
        final Plan annealed = SimulatedAnnealing.fromGreedy(7, SimulatedAnnealing.DEFAULT_STEPS).solve(problem);
        final long end = System.nanoTime();
        System.out.printf("greedy %.1f ms, greedy+annealing %.1f ms, score %s -> %s%n", (greedyDone - start) / 1e6,
            (end - greedyDone) / 1e6, greedy.score(), annealed.score());

        assertEquals(8, annealed.mapping().size());
        final Map<String, Integer> perHost = new HashMap<>();
        annealed.mapping().values().forEach(host -> perHost.merge(host, 1, Integer::sum));
        perHost.values().forEach(count -> assertTrue(count <= 2));
        assertTrue(annealed.score().value() >= greedy.score().value());
        assertEquals(problem.demand().positive().size(), annealed.routes().size());
    }
}
