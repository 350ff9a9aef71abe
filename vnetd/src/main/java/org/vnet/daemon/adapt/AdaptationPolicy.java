package org.vnet.daemon.adapt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which fast-path links should exist: VNET's topology adaptation with hysteresis. Each round,
 * <ol>
 *   <li>an adapted link goes when its pair's rate has stayed below {@code removeBytesPerSecond}
 *   for a dwell and the link has lived a dwell;</li>
 *   <li>then pairs at or above {@code addBytesPerSecond}, heaviest first, get a link while both
 *   hosts are under the per-host budget, at most {@code addsPerRound} a round; a pair removed less
 *   than a dwell ago, one backing off after a failure, and one the operator already linked
 *   (pinned) are skipped.</li>
 * </ol>
 * So a link is never added and removed within one dwell, and traffic that swings across the upper
 * threshold without staying under the lower one for a dwell leaves the links alone. Pure: time
 * comes in; the leader's thread only.
 */
public final class AdaptationPolicy {
    /** An adapted link: since when, and since when its traffic has been low (or -1). */
    private static final class Held {
        final long sinceMillis;
        long lowSinceMillis = -1;
        double lastRate;

        Held(final long sinceMillis, final double rate) {
            this.sinceMillis = sinceMillis;
            this.lastRate = rate;
        }
    }

    private record Backoff(long untilMillis, int failures) {
    }

    /** A link the policy holds, for status. */
    public record Link(HostPair pair, long sinceMillis, double bytesPerSecond) {
    }

    private final AdaptationConfig config;
    private final Map<HostPair, Held> held = new TreeMap<>();
    private final Map<HostPair, Long> removedAt = new HashMap<>();
    private final Map<HostPair, Backoff> backoff = new HashMap<>();

    /** @param config thresholds, dwell, budget */
    public AdaptationPolicy(final AdaptationConfig config) {
        this.config = config;
    }

    /**
     * Decides one round.
     *
     * @param nowMillis the time
     * @param rates     bytes per second per host pair
     * @param pinned    pairs an operator already linked directly (never adapted)
     * @param eligible  hosts adaptation may link (followers the leader hears); pairs with another host are skipped
     * @return what was decided, in order (the held links already reflect it)
     */
    public List<Decision> round(final long nowMillis, final Map<HostPair, Double> rates, final Set<HostPair> pinned,
                                final Set<String> eligible) {
        final List<Decision> decisions = new ArrayList<>();
        final long dwell = config.dwellMillis();
        for (final var it = held.entrySet().iterator(); it.hasNext();) {
            final var e = it.next();
            final HostPair pair = e.getKey();
            final Held h = e.getValue();
            final double rate = rates.getOrDefault(pair, 0.0);
            h.lastRate = rate;
            if (rate >= config.removeBytesPerSecond()) {
                h.lowSinceMillis = -1;
                continue;
            }
            if (h.lowSinceMillis < 0) {
                h.lowSinceMillis = nowMillis;
            }
            if (nowMillis - h.lowSinceMillis >= dwell && nowMillis - h.sinceMillis >= dwell) {
                it.remove();
                removedAt.put(pair, nowMillis);
                decisions.add(new Decision(nowMillis, Decision.Action.REMOVE, pair, rate, String.format(
                    "traffic %s below %s for %d s", Rates.format(rate), Rates.format(config.removeBytesPerSecond()),
                    (nowMillis - h.lowSinceMillis) / 1000)));
            }
        }
        final List<Map.Entry<HostPair, Double>> candidates = new ArrayList<>();
        for (final Map.Entry<HostPair, Double> e : rates.entrySet()) {
            final HostPair pair = e.getKey();
            if (e.getValue() >= config.addBytesPerSecond() && !held.containsKey(pair) && !pinned.contains(pair)
                && eligible.contains(pair.a()) && eligible.contains(pair.b()) && !holdingDown(pair, nowMillis)) {
                candidates.add(e);
            }
        }
        candidates.sort(Map.Entry.<HostPair, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        final Map<String, Integer> used = linksPerHost();
        int added = 0;
        for (final Map.Entry<HostPair, Double> e : candidates) {
            if (added == config.addsPerRound()) {
                break;
            }
            final HostPair pair = e.getKey();
            if (used.getOrDefault(pair.a(), 0) >= config.linksPerHost() || used.getOrDefault(pair.b(), 0) >= config.linksPerHost()) {
                continue;
            }
            held.put(pair, new Held(nowMillis, e.getValue()));
            used.merge(pair.a(), 1, Integer::sum);
            used.merge(pair.b(), 1, Integer::sum);
            added++;
            decisions.add(new Decision(nowMillis, Decision.Action.ADD, pair, e.getValue(), String.format(
                "traffic %s at or above %s (rank %d of %d candidates)", Rates.format(e.getValue()),
                Rates.format(config.addBytesPerSecond()), candidates.indexOf(e) + 1, candidates.size())));
        }
        return decisions;
    }

    /**
     * A follower could not make {@code pair}'s link: it is dropped and the pair waits a dwell,
     * doubling with each failure in a row up to 16 dwells.
     */
    public Decision failed(final HostPair pair, final String why, final long nowMillis) {
        final Held h = held.remove(pair);
        final int failures = backoff.containsKey(pair) ? backoff.get(pair).failures() + 1 : 1;
        final long wait = config.dwellMillis() << Math.min(4, failures - 1);
        backoff.put(pair, new Backoff(nowMillis + wait, failures));
        return new Decision(nowMillis, Decision.Action.FAILED, pair, h == null ? 0 : h.lastRate,
            why + "; retry not before " + wait / 1000 + " s");
    }

    /** A link the followers already have (the leader restarted): held as if added now. */
    public Decision adopt(final HostPair pair, final long nowMillis) {
        held.put(pair, new Held(nowMillis, 0));
        return new Decision(nowMillis, Decision.Action.ADOPT, pair, 0, "a follower reports it");
    }

    /** The pair's link came up at both ends: its failures are forgotten. */
    public void confirmed(final HostPair pair) {
        backoff.remove(pair);
    }

    /** Whether the policy holds a link for {@code pair}. */
    public boolean holds(final HostPair pair) {
        return held.containsKey(pair);
    }

    /** The links held, in pair order. */
    public List<Link> links() {
        final List<Link> list = new ArrayList<>(held.size());
        held.forEach((pair, h) -> list.add(new Link(pair, h.sinceMillis, h.lastRate)));
        return Collections.unmodifiableList(list);
    }

    /** How many held links each host takes part in. */
    private Map<String, Integer> linksPerHost() {
        final Map<String, Integer> used = new HashMap<>();
        for (final HostPair pair : held.keySet()) {
            used.merge(pair.a(), 1, Integer::sum);
            used.merge(pair.b(), 1, Integer::sum);
        }
        return used;
    }

    private boolean holdingDown(final HostPair pair, final long nowMillis) {
        final Long removed = removedAt.get(pair);
        if (removed != null && nowMillis - removed < config.dwellMillis()) {
            return true;
        }
        final Backoff b = backoff.get(pair);
        return b != null && nowMillis < b.untilMillis();
    }
}
