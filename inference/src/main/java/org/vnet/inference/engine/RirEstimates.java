package org.vnet.inference.engine;

import org.HdrHistogram.Histogram;
import org.vnet.inference.rir.RirCalculator;
import org.vnet.inference.rir.RirResult;
import org.vnet.inference.vttif.ChangeDetector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RIR step of a result: per analysed endpoint, the RTT it is scaled by and the span of application activity its
 * send rate is averaged over, then {@link RirCalculator#compute}.
 */
final class RirEstimates
{
    private RirEstimates()
    {
    }

    /**
     * @param analysed  endpoints to estimate, in report order.
     * @param globalRtt RTT samples of every pair (the fallback when an endpoint has too few).
     * @param active    intervals of application activity from the change detector.
     * @param config    parameters.
     * @return endpoint key to its RIR, in the order of {@code analysed}.
     */
    static Map<Long, RirResult> compute(
        final List<EndpointState> analysed,
        final Histogram globalRtt,
        final List<ChangeDetector.Interval> active,
        final InferenceConfig config)
    {
        final Map<Long, RirResult> rir = new LinkedHashMap<>();
        final RirCalculator.Parameters parameters = parameters(config);
        for (final EndpointState s : analysed)
        {
            long rtt = 0;
            boolean fallback = false;
            if (s.rtt.getTotalCount() >= 3)
            {
                rtt = s.rtt.getValueAtPercentile(config.rttQuantile() * 100);
            }
            else if (globalRtt.getTotalCount() >= 3)
            {
                rtt = globalRtt.getValueAtPercentile(config.rttQuantile() * 100);
                fallback = true;
            }
            if (rtt == 0 && config.fallbackRttNs() > 0)
            {
                rtt = config.fallbackRttNs();
                fallback = true;
            }
            if (s.payloadSends == 0)
            {
                rir.put(s.key, RirResult.unavailable("not enough data: no payload sends", rtt, 0));
                continue;
            }
            final long start = activeStart(s, active);
            final long end = activeEnd(s, active, start);
            rir.put(s.key, RirCalculator.compute(s.candidateTimes, s.candidateGaps, s.candidateCount,
                s.payloadSends, rtt, fallback, start, end, parameters));
        }
        return rir;
    }

    private static RirCalculator.Parameters parameters(final InferenceConfig config)
    {
        return new RirCalculator.Parameters(config.c(), config.rirWindowNs(), config.rirSlideNs(),
            config.spectrumPadFactor(), config.energyFraction(), config.peakFactor(), config.minCycles(),
            config.minWindows(), config.rirReceiveCondition(), config.rirGapBreak(), config.rirMethod());
    }

    /**
     * Start of the span the rate is averaged over: a live daemon (or a long capture) also holds idle time and stray
     * probes before the run, which would dilute the rate, so the span starts at the endpoint's first candidate send
     * inside the application's activity.
     */
    private static long activeStart(final EndpointState s, final List<ChangeDetector.Interval> active)
    {
        long start = Math.max(s.firstNs, s.candidateFloorNs);
        if (!active.isEmpty())
        {
            final long activeStart = active.get(0).startNs();
            if (activeStart > start && activeStart < s.lastNs)
            {
                start = activeStart;
                for (int i = 0; i < s.candidateCount; i++)
                {
                    if (s.candidateTimes[i] >= activeStart)
                    {
                        start = s.candidateTimes[i];
                        break;
                    }
                }
            }
        }
        return start;
    }

    /**
     * End of the span: the end of the application's activity, then the last send before it, not when the rate
     * finally fell below the stop threshold.
     */
    private static long activeEnd(final EndpointState s, final List<ChangeDetector.Interval> active, final long start)
    {
        long end = s.lastNs;
        if (active.isEmpty())
        {
            return end;
        }
        final long activeEnd = active.get(active.size() - 1).endNs();
        if (activeEnd > start && activeEnd < end)
        {
            end = activeEnd;
        }
        for (int i = s.candidateCount - 1; i >= 0; i--)
        {
            if (s.candidateTimes[i] <= end)
            {
                if (s.candidateTimes[i] > start)
                {
                    end = s.candidateTimes[i];
                }
                break;
            }
        }
        return end;
    }
}
