package org.vnet.optimiser;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The objective on tiny networks computed by hand. The current mapping's score ({@link Plan#currentScore()}) is the
 * objective of a given mapping routed on widest residual paths.
 */
class ScoreTest {
    private static final double INTRA = 1000;

    /** h1 -(100 B/s, 10 us)- s -(50, 20)- h2, and s -(80, 5)- h3. */
    private static Network star(final int capacity) {
        return new Network(
            List.of(new Host("h1", capacity), new Host("h2", capacity), new Host("h3", capacity)),
            List.of("s"),
            List.of(new Link("h1", "s", 100, 10), new Link("s", "h2", 50, 20), new Link("s", "h3", 80, 5)));
    }

    private static Score currentScore(final Network network, final Demand demand, final Map<String, String> mapping) {
        return new Greedy().solve(new Problem(network, demand, mapping, INTRA)).currentScore();
    }

    @Test
    void shouldSumEachFlowsSmallestResidualWhenBothDirectionsShareTheLinks() {
        final Score score = currentScore(star(1), Demand.of(new Flow("a", "b", 30), new Flow("b", "a", 10)),
            Map.of("a", "h1", "b", "h2"));

        // load 40 on h1-s (residual 60) and s-h2 (residual 10): each flow's bottleneck is 10
        assertEquals(20, score.bandwidth(), 1e-9);
        assertEquals(30, score.meanLatencyMicros(), 1e-9);
        assertEquals(20 - 30 * Score.LATENCY_WEIGHT, score.value(), 1e-9);
    }

    @Test
    void shouldWeighLatencyByDemandWhenFlowsTakeDifferentPaths() {
        final Score score = currentScore(star(1),
            Demand.of(new Flow("a", "b", 30), new Flow("b", "a", 10), new Flow("a", "c", 20)),
            Map.of("a", "h1", "b", "h2", "c", "h3"));

        // residuals: h1-s 100-60 = 40, s-h2 50-40 = 10, s-h3 80-20 = 60; flows: 10 + 10 + 40
        assertEquals(60, score.bandwidth(), 1e-9);
        assertEquals((30 * 30 + 10 * 30 + 20 * 15) / 60.0, score.meanLatencyMicros(), 1e-9);
    }

    @Test
    void shouldLowerTheScoreByTheOverloadWhenALinkIsOverSubscribed() {
        final Score score = currentScore(star(1), Demand.of(new Flow("a", "b", 45), new Flow("b", "a", 15)),
            Map.of("a", "h1", "b", "h2"));

        // s-h2 carries 60 on 50: residual -10 for both flows
        assertEquals(-20, score.bandwidth(), 1e-9);
    }

    @Test
    void shouldCountTheIntraHostBandwidthWhenAPairSharesAHost() {
        final Score score = currentScore(star(2), Demand.of(new Flow("a", "b", 30), new Flow("b", "a", 10)),
            Map.of("a", "h1", "b", "h1"));

        assertEquals(2 * INTRA, score.bandwidth(), 1e-9);
        assertEquals(0, score.meanLatencyMicros(), 1e-9);
    }

    @Test
    void shouldRouteOnTheWidestPathWhenTheDirectLinkIsNarrow() {
        final Network network = new Network(List.of(new Host("h1", 1), new Host("h2", 1)), List.of("s"),
            List.of(new Link("h1", "h2", 10, 1), new Link("h1", "s", 100, 50), new Link("s", "h2", 100, 50)));
        final Plan plan = new Greedy().solve(new Problem(network, Demand.of(new Flow("a", "b", 5)),
            Map.of("a", "h1", "b", "h2"), INTRA));

        assertEquals(95, plan.currentScore().bandwidth(), 1e-9);
        assertEquals(100, plan.currentScore().meanLatencyMicros(), 1e-9);
        assertEquals(List.of("h1", "s", "h2"), plan.routes().get(0).path());
    }

    @Test
    void shouldPreferTheLowerLatencyWhenPathsAreEquallyWide() {
        final Network network = new Network(List.of(new Host("h1", 1), new Host("h2", 1)), List.of("slow", "fast"),
            List.of(new Link("h1", "slow", 100, 50), new Link("slow", "h2", 100, 50),
                new Link("h1", "fast", 100, 10), new Link("fast", "h2", 100, 10)));
        final Plan plan = new Greedy().solve(new Problem(network, Demand.of(new Flow("a", "b", 5)),
            Map.of("a", "h1", "b", "h2"), INTRA));

        assertEquals(20, plan.currentScore().meanLatencyMicros(), 1e-9);
        assertEquals(List.of("h1", "fast", "h2"), plan.routes().get(0).path());
    }

    @Test
    void shouldOrderScoresByValue() {
        final Score wide = new Score(100, 100);
        final Score narrow = new Score(99, 0);
        final Score wideAndFast = new Score(100, 10);

        assertEquals(1, wide.compareTo(narrow));
        assertEquals(1, wideAndFast.compareTo(wide));
    }
}
