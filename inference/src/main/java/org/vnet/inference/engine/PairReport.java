package org.vnet.inference.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The per-pair step of a result: the time decomposition of each pair's messages and the passive path estimate
 * (RTT, packet-train bandwidth bounds).
 *
 * @param times per pair with messages: messages, bytes, latency and transfer time.
 * @param paths per pair with RTT samples or trains: the path estimate.
 */
record PairReport(List<AnalysisResult.PairTime> times, List<AnalysisResult.PathEstimate> paths)
{
    /**
     * @param pairs  every sender-receiver pair.
     * @param folds  provisional key to the MAC it resolved to.
     * @param config parameters.
     * @return both lists, ordered by sender then receiver.
     */
    static PairReport of(final Collection<PairState> pairs, final Map<Long, Long> folds, final InferenceConfig config)
    {
        final List<AnalysisResult.PairTime> times = new ArrayList<>();
        final List<AnalysisResult.PathEstimate> paths = new ArrayList<>();
        final List<PairState> pairList = new ArrayList<>(pairs);
        pairList.sort(Comparator.comparingLong((PairState p) -> p.sender.key).thenComparingLong(p -> p.receiver.key));
        for (final PairState p : pairList)
        {
            final long src = folds.getOrDefault(p.sender.key, p.sender.key);
            final long dst = folds.getOrDefault(p.receiver.key, p.receiver.key);
            if (p.messagesSoFar() > 0)
            {
                times.add(time(p, src, dst, config));
            }
            if (p.rtt.getTotalCount() > 0 || p.trains > 0)
            {
                paths.add(path(p, src, dst, config));
            }
        }
        return new PairReport(List.copyOf(times), List.copyOf(paths));
    }

    private static AnalysisResult.PairTime time(
        final PairState p, final long src, final long dst, final InferenceConfig config)
    {
        final long samples = p.rtt.getTotalCount();
        final long messages = p.messagesSoFar();
        final long messageBytes = p.messageBytesSoFar();
        final Double latency = samples > 0 ? p.rtt.getValueAtPercentile(config.rttQuantile() * 100) / 2e9 : null;
        final double cumulativeLatency = latency == null ? 0 : latency * messages;
        final double transfer = p.durationSoFarNs() / 1e9 + cumulativeLatency;
        return new AnalysisResult.PairTime(src, dst, messages, messageBytes, cumulativeLatency, latency, transfer,
            transfer > 0 ? messageBytes * 8 / transfer : null);
    }

    private static AnalysisResult.PathEstimate path(
        final PairState p, final long src, final long dst, final InferenceConfig config)
    {
        final long samples = p.rtt.getTotalCount();
        final Double lower = p.maxSteadyTrainBps > 0 ? p.maxSteadyTrainBps : null;
        final Double upper = Double.isFinite(p.minRisingTrainBps) ? p.minRisingTrainBps : null;
        Double estimate = null;
        String note = "";
        if (lower != null && upper != null)
        {
            estimate = lower >= upper ? upper : (lower + upper) / 2;
        }
        else if (lower != null)
        {
            estimate = lower;
            note = "lower bound: no train outran the path";
        }
        else if (upper != null)
        {
            note = "only an upper bound: every train saw rising RTT";
        }
        else
        {
            note = "no packet train of " + config.minTrainFrames() + "+ frames";
        }
        return new AnalysisResult.PathEstimate(src, dst, samples, samples > 0 ? p.rtt.getMinValue() / 1e9 : null,
            samples > 0 ? p.rtt.getValueAtPercentile(50) / 1e9 : null, p.trains, estimate, lower, upper, note);
    }
}
