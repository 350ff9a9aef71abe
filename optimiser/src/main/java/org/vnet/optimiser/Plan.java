package org.vnet.optimiser;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * An optimiser's answer: where each VM should run, the overlay links and each flow's path, with the score.
 *
 * @param mapping      VM to host, every VM of the problem, sorted by VM.
 * @param overlayLinks the host pairs that carry demand, sorted by name.
 * @param routes       one per flow with demand, heaviest first.
 * @param score        the plan's {@link Score}.
 * @param currentScore the score of the problem's current mapping (routed on widest residual paths), or null when
 *                     the current mapping does not place every VM.
 */
public record Plan(
    Map<String, String> mapping, List<OverlayLink> overlayLinks, List<Route> routes, Score score, Score currentScore) {
    /** Copies the collections. */
    public Plan {
        mapping = Collections.unmodifiableMap(new TreeMap<>(mapping));
        overlayLinks = List.copyOf(overlayLinks);
        routes = List.copyOf(routes);
    }

    /** {@code score.value() - currentScore.value()}, empty when there is no current score. */
    public OptionalDouble gain() {
        return currentScore == null ? OptionalDouble.empty() : OptionalDouble.of(score.value() - currentScore.value());
    }
}
