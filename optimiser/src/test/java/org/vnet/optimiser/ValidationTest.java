package org.vnet.optimiser;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Inconsistent inputs are refused with a message that names the culprit. */
class ValidationTest {
    private static final List<Host> HOSTS = List.of(new Host("h1", 1), new Host("h2", 1));
    private static final Network NETWORK = new Network(HOSTS, List.of(), List.of(new Link("h1", "h2", 100, 10)));

    private static void assertRefused(final String message, final Executable executable) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }

    @Test
    void shouldRefuseALinkToAnUnknownNode() {
        assertRefused("link h9-h2 names unknown node h9",
            () -> new Network(HOSTS, List.of(), List.of(new Link("h9", "h2", 100, 10))));
    }

    @Test
    void shouldRefuseHostsThatAreNotConnected() {
        assertRefused("hosts h1 and h2 are not connected",
            () -> new Network(HOSTS, List.of("s"), List.of(new Link("h1", "s", 100, 10))));
    }

    @Test
    void shouldRefuseANodeNamedTwice() {
        assertRefused("node h1 is named twice", () -> new Network(HOSTS, List.of("h1"), List.of()));
    }

    @Test
    void shouldRefuseALinkGivenTwice() {
        assertRefused("link h2-h1 is given twice", () -> new Network(HOSTS, List.of(),
            List.of(new Link("h1", "h2", 100, 10), new Link("h2", "h1", 50, 10))));
    }

    @Test
    void shouldRefuseBadLinkValues() {
        assertRefused("link h1-h2: bandwidth must be positive and finite, got 0.0", () -> new Link("h1", "h2", 0, 1));
        assertRefused("link h1-h2: latency must be zero or more and finite, got -1.0",
            () -> new Link("h1", "h2", 1, -1));
        assertRefused("link h1-h1 connects a node to itself", () -> new Link("h1", "h1", 1, 1));
    }

    @Test
    void shouldRefuseAVmThatFitsNowhere() {
        final Demand demand = Demand.of(new Flow("a", "b", 1), new Flow("b", "c", 1));
        assertRefused("VM c fits on no host: every host is full (3 VMs, total capacity 2)",
            () -> new Problem(NETWORK, demand));
    }

    @Test
    void shouldRefuseACurrentMappingOnAnUnknownHost() {
        assertRefused("VM a is on unknown host h9",
            () -> new Problem(NETWORK, Demand.of(new Flow("a", "b", 1)), Map.of("a", "h9"), 1));
    }

    @Test
    void shouldRefuseACurrentMappingAboveCapacity() {
        assertRefused("host h1 runs more VMs in the current mapping (2) than its capacity (1)",
            () -> new Problem(NETWORK, Demand.of(new Flow("a", "b", 1)), Map.of("a", "h1", "b", "h1"), 1));
    }

    @Test
    void shouldRefuseBadDemand() {
        assertRefused("demand gives a->b twice", () -> Demand.of(new Flow("a", "b", 1), new Flow("a", "b", 2)));
        assertRefused("flow a->a: a VM's traffic to itself is not demand", () -> new Flow("a", "a", 1));
        assertRefused("flow a->b: rate must be zero or more and finite, got NaN", () -> new Flow("a", "b", Double.NaN));
    }

    @Test
    void shouldRefuseANonPositiveIntraHostBandwidth() {
        assertRefused("intra-host bandwidth must be positive and finite, got 0.0",
            () -> new Problem(NETWORK, Demand.of(new Flow("a", "b", 1)), Map.of(), 0));
    }

    @Test
    void shouldRefuseBruteForceAboveItsLimit() {
        final Problem problem = RandomInstances.tree(1, 5, 2, 8, 2, 0.5);
        assertRefused("brute force enumerates hosts^VMs = 5^8 mappings, more than 65536",
            () -> new BruteForce().solve(problem));
    }

    @Test
    void shouldRefuseAnnealingWithoutSteps() {
        assertRefused("annealing needs at least one step, got 0", () -> SimulatedAnnealing.fromRandom(1, 0));
    }
}
