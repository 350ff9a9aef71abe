package org.vnet.inference.engine;

import org.vnet.inference.bic.BicCalculator;
import org.vnet.inference.bic.BicSummary;
import org.vnet.inference.bic.EventKind;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The BIC step of a result: blocked time per analysed endpoint (by peer, by event pair, with the share of late
 * messages) and the summary over the endpoints that both sent and received.
 *
 * @param byEndpoint endpoint key to its blocked time, in the order of the analysed endpoints.
 * @param summary    the application-wide summary.
 */
record BicReport(Map<Long, AnalysisResult.EndpointBic> byEndpoint, BicSummary summary)
{
    /**
     * @param analysed endpoints to report, in report order.
     * @param pairs    every sender-receiver pair (for the late-message share).
     * @param folds    provisional key to the MAC it resolved to.
     * @param config   parameters.
     * @return the report.
     */
    static BicReport of(
        final List<EndpointState> analysed,
        final Collection<PairState> pairs,
        final Map<Long, Long> folds,
        final InferenceConfig config)
    {
        final Map<Long, long[]> lateness = lateness(pairs);
        final Map<Long, AnalysisResult.EndpointBic> bic = new LinkedHashMap<>();
        final Map<Long, Long> delays = new TreeMap<>();
        long spanStart = Long.MAX_VALUE;
        long spanEnd = Long.MIN_VALUE;
        for (final EndpointState s : analysed)
        {
            final Map<Long, Double> byPeer = new TreeMap<>();
            s.bic.byPeer().forEach((peer, ns) -> byPeer.merge(folds.getOrDefault(peer, peer), ns / 1e9, Double::sum));
            final Map<String, Long> pairCounts = new LinkedHashMap<>();
            for (int from = 0; from < 4; from++)
            {
                for (int to = 0; to < 4; to++)
                {
                    pairCounts.put(EventKind.name(from) + "-" + EventKind.name(to), s.bic.pairCount(from, to));
                }
            }
            final long[] late = lateness.get(s.key);
            final Double lateFraction = late == null || late[1] == 0 ? null : late[0] / (double)late[1];
            bic.put(s.key, new AnalysisResult.EndpointBic(s.bic.totalNs() / 1e9, byPeer, s.bic.events(), pairCounts,
                lateFraction));
            if (s.bic.events() >= config.minEndpointEvents() && s.framesSent > 0 && s.framesReceived > 0)
            {
                delays.put(s.key, s.bic.totalNs());
                spanStart = Math.min(spanStart, s.firstNs);
                spanEnd = Math.max(spanEnd, s.lastNs);
            }
        }
        return new BicReport(bic, BicCalculator.summarise(delays, spanEnd - spanStart, config.loadedThreshold()));
    }

    /** Sender key to {late messages, messages started} over its pairs that have a reverse direction. */
    private static Map<Long, long[]> lateness(final Collection<PairState> pairs)
    {
        final Map<Long, long[]> lateness = new TreeMap<>();
        for (final PairState p : pairs)
        {
            if (p.reverse != null && p.messagesStarted > 0)
            {
                final long[] counts = lateness.computeIfAbsent(p.sender.key, k -> new long[2]);
                counts[0] += p.lateMessages;
                counts[1] += p.messagesStarted;
            }
        }
        return lateness;
    }
}
