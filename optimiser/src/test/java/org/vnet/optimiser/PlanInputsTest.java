package org.vnet.optimiser;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Building a problem from the maps a daemon holds. */
class PlanInputsTest {
    @Test
    void shouldBuildAFullMeshWithDefaultsForUnmeasuredPairs() {
        final Problem problem = new PlanInputs()
            .defaultBandwidth(1000).defaultLatencyMicros(500).defaultCapacity(3)
            .hosts(List.of("h1", "h2", "h3"))
            .host("h2", 1)
            .measurement("h2", "h1", 5000, Double.NaN)
            .demand(Map.of("a", Map.of("b", 10.0)))
            .demand("a", "b", 5)
            .demand(List.of(new Flow("b", "c", 1)))
            .currentMapping(Map.of("a", "h1"))
            .toProblem();

        assertEquals(List.of(new Host("h1", 3), new Host("h2", 1), new Host("h3", 3)), problem.network().hosts());
        assertEquals(List.of(new Link("h1", "h2", 5000, 500), new Link("h1", "h3", 1000, 500),
            new Link("h2", "h3", 1000, 500)), problem.network().links());
        assertEquals(List.of(new Flow("a", "b", 15), new Flow("b", "c", 1)), problem.demand().flows());
        assertEquals(Map.of("a", "h1"), problem.currentMapping());
    }

    @Test
    void shouldRefuseAMeasurementOfAnUnknownHost() {
        final PlanInputs inputs = new PlanInputs().hosts(List.of("h1", "h2")).measurement("h9", "h2", 1, 1);

        assertEquals("measurement h9-h2 names unknown host h9",
            assertThrows(IllegalArgumentException.class, inputs::toProblem).getMessage());
    }

    @Test
    void shouldProposeAndScoreWhenTheCurrentMappingIsComplete() {
        final Plan plan = SimulatedAnnealing.fromGreedy(1, 1000).solve(new PlanInputs()
            .host("h1", 1).host("h2", 1).host("h3", 1)
            .measurement("h1", "h2", 1e8, 100)
            .demand("a", "b", 4e5).demand("b", "a", 4e5)
            .currentMapping(Map.of("a", "h1", "b", "h3"))
            .toProblem());

        assertEquals(List.of(new OverlayLink("h1", "h2", 8e5)), plan.overlayLinks());
        assertTrue(plan.gain().orElseThrow() > 0);
    }
}
