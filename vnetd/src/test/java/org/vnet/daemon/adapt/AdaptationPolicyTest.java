package org.vnet.daemon.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AdaptationPolicyTest {
    private static final long DWELL = 10_000;
    private static final long PERIOD = 1_000;
    private static final AdaptationConfig CONFIG = new AdaptationConfig(true, true, null, 1_000_000, 200_000, DWELL, 2, 3,
        PERIOD, PERIOD, 64, 4, 125_000_000, 1_000);
    private static final Set<String> HOSTS = Set.of("h2", "h3", "h4", "h5", "h6");

    private static Map<HostPair, Double> rates(final Object... pairAndRate) {
        final Map<HostPair, Double> m = new HashMap<>();
        for (int i = 0; i < pairAndRate.length; i += 2) {
            final String[] ends = ((String) pairAndRate[i]).split("-");
            m.put(HostPair.of(ends[0], ends[1]), ((Number) pairAndRate[i + 1]).doubleValue());
        }
        return m;
    }

    private static List<HostPair> pairs(final List<Decision> decisions, final Decision.Action action) {
        final List<HostPair> list = new ArrayList<>();
        decisions.stream().filter(d -> d.action() == action).forEach(d -> list.add(d.pair()));
        return list;
    }

    @Test
    void shouldAddLinksInDecreasingTrafficOrderUpToTheRoundsLimit() {
        final AdaptationPolicy p = new AdaptationPolicy(CONFIG);
        final List<Decision> d = p.round(0, rates("h2-h3", 3e6, "h4-h5", 5e6, "h2-h6", 2e6, "h3-h6", 4e6, "h4-h6", 0.5e6),
            Set.of(), HOSTS);
        assertEquals(List.of(HostPair.of("h4", "h5"), HostPair.of("h3", "h6"), HostPair.of("h2", "h3")),
            pairs(d, Decision.Action.ADD));
        assertFalse(p.holds(HostPair.of("h4", "h6")), "below the add threshold");
    }

    @Test
    void shouldNeverExceedThePerHostBudget() {
        final AdaptationPolicy p = new AdaptationPolicy(CONFIG);
        final Map<HostPair, Double> star = rates("h2-h3", 9e6, "h2-h4", 8e6, "h2-h5", 7e6, "h2-h6", 6e6, "h3-h4", 5e6);
        for (long t = 0; t < 10 * PERIOD; t += PERIOD) {
            p.round(t, star, Set.of(), HOSTS);
        }
        final Map<String, Integer> per = new HashMap<>();
        p.links().forEach(l -> {
            per.merge(l.pair().a(), 1, Integer::sum);
            per.merge(l.pair().b(), 1, Integer::sum);
        });
        per.values().forEach(n -> assertTrue(n <= CONFIG.linksPerHost(), per.toString()));
        assertTrue(p.holds(HostPair.of("h2", "h3")) && p.holds(HostPair.of("h2", "h4")), "the two heaviest of h2");
        assertTrue(p.holds(HostPair.of("h3", "h4")), "h3 and h4 still had budget");
    }

    @Test
    void shouldLeavePinnedPairsAndUnknownHostsAlone() {
        final AdaptationPolicy p = new AdaptationPolicy(CONFIG);
        final List<Decision> d = p.round(0, rates("h2-h3", 3e6, "h2-h9", 5e6), Set.of(HostPair.of("h2", "h3")), HOSTS);
        assertTrue(d.isEmpty(), d.toString());
    }

    @Test
    void shouldRemoveALinkOnlyAfterItsTrafficStayedLowForADwell() {
        final AdaptationPolicy p = new AdaptationPolicy(CONFIG);
        final HostPair pair = HostPair.of("h2", "h3");
        p.round(0, rates("h2-h3", 3e6), Set.of(), HOSTS);
        long t = PERIOD;
        for (; t < DWELL + 5 * PERIOD; t += PERIOD) {
            assertTrue(pairs(p.round(t, rates("h2-h3", 3e6), Set.of(), HOSTS), Decision.Action.REMOVE).isEmpty());
        }
        final long quietFrom = t;
        List<HostPair> removed = List.of();
        for (; removed.isEmpty(); t += PERIOD) {
            removed = pairs(p.round(t, rates(), Set.of(), HOSTS), Decision.Action.REMOVE);
        }
        assertEquals(List.of(pair), removed);
        assertEquals(quietFrom + DWELL, t - PERIOD, "removed exactly one dwell after the traffic stopped");
        assertTrue(pairs(p.round(t, rates("h2-h3", 3e6), Set.of(), HOSTS), Decision.Action.ADD).isEmpty(),
            "not added again within a dwell of its removal");
        assertEquals(List.of(pair), pairs(p.round(t - PERIOD + DWELL, rates("h2-h3", 3e6), Set.of(), HOSTS),
            Decision.Action.ADD));
    }

    @Test
    void shouldNotFlapWhenTrafficOscillatesAroundTheAddThreshold() {
        final AdaptationPolicy p = new AdaptationPolicy(CONFIG);
        int adds = 0;
        int removes = 0;
        for (long t = 0; t < 600_000; t += PERIOD) {
            // 1.4 MB/s and 0.6 MB/s alternating every 3 s, and 0 for 2 s in every 20 s (shorter than a dwell)
            final double rate = t % 20_000 < 2_000 ? 0 : (t / 3_000) % 2 == 0 ? 1.4e6 : 0.6e6;
            final List<Decision> d = p.round(t, rates("h2-h3", rate), Set.of(), HOSTS);
            adds += pairs(d, Decision.Action.ADD).size();
            removes += pairs(d, Decision.Action.REMOVE).size();
        }
        assertEquals(1, adds);
        assertEquals(0, removes);
    }

    @Test
    void shouldBackOffAfterAFailureAndDoubleTheWait() {
        final AdaptationPolicy p = new AdaptationPolicy(CONFIG);
        final HostPair pair = HostPair.of("h2", "h3");
        p.round(0, rates("h2-h3", 3e6), Set.of(), HOSTS);
        p.failed(pair, "h3: no route", 0);
        assertFalse(p.holds(pair));
        assertTrue(p.round(DWELL - 1, rates("h2-h3", 3e6), Set.of(), HOSTS).isEmpty(), "waits one dwell");
        assertEquals(List.of(pair), pairs(p.round(DWELL, rates("h2-h3", 3e6), Set.of(), HOSTS), Decision.Action.ADD));
        p.failed(pair, "h3: no route", DWELL);
        assertTrue(p.round(3 * DWELL - 1, rates("h2-h3", 3e6), Set.of(), HOSTS).isEmpty(), "then two");
        assertEquals(List.of(pair), pairs(p.round(3 * DWELL, rates("h2-h3", 3e6), Set.of(), HOSTS), Decision.Action.ADD));
    }

    @Test
    void shouldHoldAnAdoptedLinkLikeOneItAdded() {
        final AdaptationPolicy p = new AdaptationPolicy(CONFIG);
        p.adopt(HostPair.of("h2", "h3"), 0);
        assertTrue(p.round(DWELL - PERIOD, rates("h2-h3", 3e6), Set.of(), HOSTS).isEmpty());
        assertTrue(p.holds(HostPair.of("h2", "h3")));
    }
}
