package org.vnet.inference.rir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Computes the RIR of one endpoint from its candidate sends: payload sends preceded by at least one payload
 * receive since the previous payload send, with the gap to that previous send. A candidate qualifies when its gap
 * exceeds {@code c * RTT}; a window of {@code windowNs} slid by {@code slideNs} counts qualifying sends.
 */
public final class RirCalculator
{
    /** Parameters of the computation. */
    public record Parameters(
        double c, long windowNs, long slideNs, int padFactor, double energyFraction, double peakFactor,
        int minCycles, int minWindows)
    {
    }

    private RirCalculator()
    {
    }

    /**
     * @param candidateTimes  times of candidate sends, ascending.
     * @param candidateGaps   gap to the previous payload send for each candidate.
     * @param candidateCount  number of valid entries.
     * @param sends           all payload sends of the endpoint (for the report).
     * @param rttNs           RTT estimate (must be > 0).
     * @param rttFallback     whether the RTT is not the endpoint's own.
     * @param startNs         first event of the endpoint.
     * @param endNs           last event of the endpoint.
     * @param p               parameters.
     * @return the result.
     */
    public static RirResult compute(
        final long[] candidateTimes, final long[] candidateGaps, final int candidateCount, final long sends,
        final long rttNs, final boolean rttFallback, final long startNs, final long endNs, final Parameters p)
    {
        if (rttNs <= 0)
        {
            return RirResult.unavailable("no RTT estimate (no TCP data/ACK pairs and no fallback RTT)", 0, sends);
        }
        final long threshold = Math.round(p.c() * rttNs);
        final long[] qualifying = new long[candidateCount];
        int q = 0;
        for (int i = 0; i < candidateCount; i++)
        {
            if (candidateGaps[i] > threshold)
            {
                qualifying[q++] = candidateTimes[i];
            }
        }
        final long duration = endNs - startNs;
        if (duration < p.windowNs())
        {
            return RirResult.unavailable(String.format("not enough data: %.3f s of traffic, shorter than the %.3f s " +
                "window", duration / 1e9, p.windowNs() / 1e9), rttNs, sends);
        }
        final int windows = (int)((duration - p.windowNs()) / p.slideNs()) + 1;
        if (windows < p.minWindows())
        {
            return RirResult.unavailable("not enough data: " + windows + " windows, need " + p.minWindows(), rttNs,
                sends);
        }
        final double windowSeconds = p.windowNs() / 1e9;
        final double[] series = new double[windows];
        int lo = 0;
        int hi = 0;
        for (int w = 0; w < windows; w++)
        {
            final long from = startNs + w * p.slideNs();
            final long to = from + p.windowNs();
            while (lo < q && qualifying[lo] < from)
            {
                lo++;
            }
            if (hi < lo)
            {
                hi = lo;
            }
            while (hi < q && qualifying[hi] < to)
            {
                hi++;
            }
            series[w] = (hi - lo) / windowSeconds;
        }
        double sum = 0;
        for (final double v : series)
        {
            sum += v;
        }
        final double avg = sum / windows;
        final double[] sorted = series.clone();
        Arrays.sort(sorted);
        final List<double[]> cdf = new ArrayList<>();
        for (int i = 0; i < sorted.length; i++)
        {
            if (i + 1 == sorted.length || sorted[i + 1] != sorted[i])
            {
                cdf.add(new double[]{ sorted[i], (i + 1) / (double)sorted.length });
            }
        }

        final double slideSeconds = p.slideNs() / 1e9;
        final double[] power = Fft.powerSpectrum(series, p.padFactor());
        final int m = (power.length - 1) * 2;
        final double binHz = 1.0 / (m * slideSeconds);
        double total = 0;
        int peak = 0;
        for (int k = 1; k < power.length; k++)
        {
            total += power[k];
            if (peak == 0 || power[k] > power[peak])
            {
                peak = k;
            }
        }
        final double durationSeconds = duration / 1e9;
        final double nyquist = 1 / (2 * slideSeconds);
        Double period = null;
        double dominantHz = 0;
        double energy95Hz = 0;
        final boolean adequate;
        final String adequacy;
        final double variance = variance(series, avg);
        if (total <= 0 || variance < 1e-12 * Math.max(1, avg * avg))
        {
            adequate = true;
            adequacy = String.format("stationary: the rate is constant over %d windows (%.1f s)", windows,
                durationSeconds);
        }
        else
        {
            final double[] others = Arrays.copyOfRange(power, 1, power.length);
            Arrays.sort(others);
            final double median = others[others.length / 2];
            double cumulative = 0;
            for (int k = 1; k < power.length; k++)
            {
                cumulative += power[k];
                if (cumulative >= p.energyFraction() * total)
                {
                    energy95Hz = k * binHz;
                    break;
                }
            }
            final double peakHz = peak * binHz;
            if (power[peak] >= p.peakFactor() * median && peakHz > 0 && 1 / peakHz <= durationSeconds / 2)
            {
                period = 1 / peakHz;
                dominantHz = peakHz;
            }
            final boolean fine = energy95Hz <= nyquist / 2;
            final double needed = period != null ? p.minCycles() * period : 0;
            final boolean longEnough = period == null ? windows >= p.minWindows() : durationSeconds >= needed;
            adequate = fine && longEnough;
            final StringBuilder sb = new StringBuilder();
            sb.append(String.format("%.0f%% of the energy is below %.3f Hz; ", p.energyFraction() * 100, energy95Hz));
            sb.append(fine ? String.format("sampling every %.3f s (Nyquist %.2f Hz) is fine enough", slideSeconds,
                nyquist) : String.format("sampling every %.3f s is too coarse: slide by at most %.3f s", slideSeconds,
                1 / (4 * energy95Hz)));
            if (period != null)
            {
                sb.append(String.format(longEnough ? "; %.1f s captured covers %d super-phases of %.2f s" :
                    "; %.1f s captured is shorter than %d super-phases of %.2f s", durationSeconds, p.minCycles(),
                    period));
            }
            else
            {
                sb.append("; no dominant super-phase period");
            }
            adequacy = sb.toString();
        }
        return new RirResult(true, "", rttNs, rttFallback, threshold, sends, q, windowSeconds, slideSeconds, series,
            avg, cdf, period, dominantHz, energy95Hz, adequate, adequacy);
    }

    private static double variance(final double[] series, final double mean)
    {
        double s = 0;
        for (final double v : series)
        {
            s += (v - mean) * (v - mean);
        }
        return s / series.length;
    }
}
