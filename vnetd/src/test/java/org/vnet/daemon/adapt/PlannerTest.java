package org.vnet.daemon.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.vnet.inference.vttif.TrafficMatrix;
import org.vnet.protocol.Replies;
import org.vnet.protocol.Requests;

class PlannerTest {
    private static final long V2 = 0x020000000002L;
    private static final long V3 = 0x020000000003L;
    private static final long V4 = 0x020000000004L;
    private static final Map<Long, String> HOSTS = Map.of(V2, "h2", V3, "h3", V4, "h4");

    private static AdaptationConfig config(final int vmsPerHost) {
        return new AdaptationConfig(true, false, null, 1_000_000, 200_000, 30_000, 4, 2, 2_000, 10_000, 64, vmsPerHost,
            12_500_000, 1_000);
    }

    private static PairRates busy() {
        final PairRates r = new PairRates(10_000);
        for (int s = 0; s <= 2; s++) {
            final TrafficMatrix m = new TrafficMatrix();
            m.add(V2, V3, 5_000_000L * s, 1);
            m.add(V3, V2, 5_000_000L * s, 1);
            m.add(V3, V4, 10_000L * s, 1);
            r.sample(s * 1_000L, m, HOSTS);
        }
        return r;
    }

    @Test
    void shouldProposeAMappingAtLeastAsGoodAsTodaysWithinTheHostsCapacity() {
        final Replies.Plan p = Planner.plan(new Requests.Plan(null, 7, 5_000), config(2), busy(), Set.of("h1", "h2", "h3", "h4"),
            null);
        assertEquals(Map.of("02:00:00:00:00:02", "h2", "02:00:00:00:00:03", "h3", "02:00:00:00:00:04", "h4"), p.current());
        assertTrue(p.score().value() >= p.currentScore().value(), p.toString());
        assertEquals(p.gain(), p.score().value() - p.currentScore().value(), 1e-6);
        final Map<String, Integer> perHost = new HashMap<>();
        p.proposed().values().forEach(h -> perHost.merge(h, 1, Integer::sum));
        perHost.values().forEach(n -> assertTrue(n <= 2, p.proposed().toString()));
        assertEquals(p.proposed().get("02:00:00:00:00:02"), p.proposed().get("02:00:00:00:00:03"),
            "the pair that talks most shares a host when one has room");
        assertEquals("greedy+annealing", p.algorithm());
    }

    @Test
    void shouldGiveTheSamePlanForTheSameSeed() {
        final Replies.Plan a = Planner.plan(new Requests.Plan("annealing", 3, 2_000), config(1), busy(), Set.of("h2", "h3", "h4"), null);
        final Replies.Plan b = Planner.plan(new Requests.Plan("annealing", 3, 2_000), config(1), busy(), Set.of("h2", "h3", "h4"), null);
        assertEquals(a.proposed(), b.proposed());
        assertEquals(a.score(), b.score());
    }

    @Test
    void shouldRefuseAnUnknownAlgorithmAndAWindowWithoutTraffic() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Planner.plan(new Requests.Plan("magic", null, null),
            config(1), busy(), Set.of("h2"), null)).getMessage().contains("greedy"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Planner.plan(new Requests.Plan(null, null, null),
            config(1), new PairRates(10_000), Set.of("h2"), null)).getMessage().contains("no traffic"));
    }
}
