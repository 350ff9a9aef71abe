package org.vnet.inference.rir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Computes the RIR of one endpoint from its payload sends, each with the gap to the previous payload send, whether
 * any / a payload receive happened in between, and whether it went to the same peer as the previous send or started
 * a new round (packed by {@link #packGap}). A send qualifies when its gap exceeds the threshold, the configured
 * receive condition holds and, with {@link #METHOD_ROUNDS}, it is a round boundary or a same-peer continuation
 * ({@link RoundCounter}, which also applies the causal and learned rules); a window of {@code windowNs} slid by
 * {@code slideNs} counts qualifying sends.
 * <p>
 * The threshold is {@code c * RTT}, raised to a clear break in the distribution of the larger gaps when one exists
 * (a jump of at least {@link #BREAK_RATIO} between consecutive sorted gaps with at least {@link #BREAK_SHARE} of
 * the gaps on each side): the gaps between the sends of one exchange then stay below it even when the RTT is a few
 * microseconds. With {@link #METHOD_ROUNDS} only the gaps of sends that repeat a peer of the round are considered
 * (a rendezvous protocol's request-then-data to the same peer falls below the compute gaps).
 */
public final class RirCalculator
{
    /** No receive needed between two counted sends. */
    public static final int RECEIVE_NONE = 0;
    /** Any received frame (payload or pure ACK) between two counted sends. */
    public static final int RECEIVE_ANY = 1;
    /** A received payload frame between two counted sends (the thesis' condition). */
    public static final int RECEIVE_PAYLOAD = 2;
    /** Minimum ratio between the gaps on either side of a break. */
    public static final double BREAK_RATIO = 8.0;
    /** Minimum share of the gaps above c * RTT on each side of a break. */
    public static final double BREAK_SHARE = 0.05;

    /** Longer series are averaged in pairs before the FFT so its memory stays bounded (about 100 MB at most). */
    public static final int MAX_SPECTRUM_POINTS = 1 << 20;

    /** Below this coefficient of variation the series is stationary and its spectrum is quantisation noise. */
    public static final double STATIONARY_VARIATION = 0.05;

    /** Count every send whose gap passes the threshold (the thesis' rule). */
    public static final int METHOD_GAP = 0;
    /**
     * Count a send whose gap passes the threshold only when it starts a new exchange round: it goes to the same
     * peer as the previous send, or to a peer already sent to since the current round began.
     */
    public static final int METHOD_ROUNDS = 1;
    /**
     * As {@link #METHOD_ROUNDS}, but a send whose TCP acknowledgement covers new data from its recipient (it answers
     * the recipient's message) needs no gap above the threshold: the sender's own TCP state proves the exchange
     * happened in between, however close together the observer's clock put the two sends (an observer that reads a
     * VM's frames late and in bursts compresses the gaps; the acknowledgement numbers survive).
     */
    public static final int METHOD_CAUSAL_ROUNDS = 2;
    /**
     * As {@link #METHOD_CAUSAL_ROUNDS}, and a message to a regular peer that already had its usual number of messages
     * in the current round starts the next round whatever its gap ({@link RoundCounter}).
     */
    public static final int METHOD_LEARNED_ROUNDS = 3;
    /** Largest peer index kept per endpoint (later peers share it). */
    public static final int MAX_PEER_INDEX = 0xFFFF;

    private static final long ANY_BIT = 1L << 62;
    private static final long PAYLOAD_BIT = 1L << 61;
    private static final long ANSWERED_BIT = 1L << 63;
    private static final int PEER_SHIFT = 45;
    private static final long GAP_MASK = (1L << PEER_SHIFT) - 1;

    /** Parameters of the computation. */
    public record Parameters(
        double c, long windowNs, long slideNs, int padFactor, double energyFraction, double peakFactor,
        int minCycles, int minWindows, int receiveCondition, boolean gapBreak, int method)
    {
    }

    /** Pack a gap with its receive flags into one long (peer index 0). */
    public static long packGap(final long gapNs, final boolean anyReceive, final boolean payloadReceive)
    {
        return packGap(gapNs, anyReceive, payloadReceive, 0);
    }

    /**
     * Pack a gap (up to 9.7 hours), its receive flags and the send's peer index into one long.
     *
     * @param peer per-endpoint index of the recipient, 0 .. {@link #MAX_PEER_INDEX}.
     */
    public static long packGap(final long gapNs, final boolean anyReceive, final boolean payloadReceive,
        final int peer)
    {
        return packGap(gapNs, anyReceive, payloadReceive, peer, false);
    }

    /**
     * As {@link #packGap(long, boolean, boolean, int)}, with whether the send answers its recipient: its TCP
     * acknowledgement covers data the recipient sent since the previous send on the flow.
     */
    public static long packGap(final long gapNs, final boolean anyReceive, final boolean payloadReceive,
        final int peer, final boolean answers)
    {
        return Math.min(gapNs, GAP_MASK) | (anyReceive ? ANY_BIT : 0) | (payloadReceive ? PAYLOAD_BIT : 0) |
            ((long)(peer & MAX_PEER_INDEX) << PEER_SHIFT) | (answers ? ANSWERED_BIT : 0);
    }

    /** The gap of a packed value. */
    public static long gapOf(final long packed)
    {
        return packed & GAP_MASK;
    }

    static int peerOf(final long packed)
    {
        return (int)((packed >>> PEER_SHIFT) & MAX_PEER_INDEX);
    }

    /** Whether a packed send answers its recipient (see {@link #packGap(long, boolean, boolean, int, boolean)}). */
    static boolean answered(final long packed)
    {
        return (packed & ANSWERED_BIT) != 0;
    }

    static boolean eligible(final long packed, final Parameters p)
    {
        return receiveHolds(packed, p.receiveCondition());
    }

    private static boolean receiveHolds(final long packed, final int condition)
    {
        return condition == RECEIVE_NONE || (condition == RECEIVE_ANY && (packed & (ANY_BIT | PAYLOAD_BIT)) != 0) ||
            (condition == RECEIVE_PAYLOAD && (packed & PAYLOAD_BIT) != 0);
    }

    /**
     * The threshold a gap must exceed: c * RTT, or a higher clear break among the larger gaps.
     *
     * @return the threshold in ns, or -1 when there is neither an RTT nor a break.
     */
    static long threshold(final long[] gaps, final int count, final long rttNs, final Parameters p)
    {
        final long base = rttNs > 0 ? Math.round(p.c() * rttNs) : 0;
        if (!p.gapBreak())
        {
            return rttNs > 0 ? base : -1;
        }
        final long[] above = new long[count];
        final long[] round = new long[(MAX_PEER_INDEX + 1) / 64];
        int previousPeer = -1;
        int n = 0;
        for (int i = 0; i < count; i++)
        {
            final long gap = gapOf(gaps[i]);
            final int peer = peerOf(gaps[i]);
            boolean candidate = true;
            if (p.method() != METHOD_GAP)
            {
                candidate = peer == previousPeer || (round[peer >>> 6] & (1L << peer)) != 0;
                if (candidate)
                {
                    Arrays.fill(round, 0L);
                }
                round[peer >>> 6] |= 1L << peer;
                previousPeer = peer;
            }
            if (candidate && gap > base && eligible(gaps[i], p))
            {
                above[n++] = gap;
            }
        }
        Arrays.sort(above, 0, n);
        final int minSide = Math.max(2, (int)Math.ceil(BREAK_SHARE * n));
        double bestRatio = BREAK_RATIO;
        long best = -1;
        for (int i = minSide; i <= n - minSide; i++)
        {
            final double ratio = above[i] / (double)Math.max(1, above[i - 1]);
            if (ratio >= bestRatio)
            {
                bestRatio = ratio;
                best = (long)Math.sqrt((double)above[i - 1] * above[i]);
            }
        }
        if (best > base)
        {
            return best;
        }
        return rttNs > 0 ? base : -1;
    }

    private RirCalculator()
    {
    }

    /**
     * @param candidateTimes  times of candidate sends, ascending.
     * @param candidateGaps   per candidate, its gap to the previous payload send, receive flags and peer, packed by
     *                        {@link #packGap(long, boolean, boolean, int)}.
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
        final long threshold = threshold(candidateGaps, candidateCount, rttNs, p);
        if (threshold < 0)
        {
            return RirResult.unavailable("no RTT estimate (no TCP data/ACK pairs and no fallback RTT) and no clear " +
                "break between the inter-send delays", 0, sends);
        }
        final long[] qualifying = new long[candidateCount];
        final int q = RoundCounter.boundaries(candidateTimes, candidateGaps, candidateCount, threshold, p, qualifying);
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
        final double mean = sum / windows;
        final double avg = spanRate(qualifying, q, startNs, endNs, mean);
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
        double[] spectral = series;
        int stride = 1;
        while (spectral.length > MAX_SPECTRUM_POINTS)
        {
            spectral = halve(spectral);
            stride *= 2;
        }
        int pad = p.padFactor();
        while (pad > 1 && (long)spectral.length * pad > MAX_SPECTRUM_POINTS * 4L)
        {
            pad /= 2;
        }
        final double spectralSeconds = slideSeconds * stride;
        final double[] power = Fft.powerSpectrum(spectral, pad);
        final int m = (power.length - 1) * 2;
        final double binHz = 1.0 / (m * spectralSeconds);
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
        final double nyquist = 1 / (2 * spectralSeconds);
        Double period = null;
        double dominantHz = 0;
        double energy95Hz = 0;
        final boolean adequate;
        final String adequacy;
        final double variance = variance(series, mean);
        final double variation = mean > 0 ? Math.sqrt(variance) / mean : 0;
        if (total <= 0 || variation < STATIONARY_VARIATION)
        {
            adequate = true;
            adequacy = String.format("stationary: the rate varies by %.1f %% (coefficient of variation) over %d " +
                "windows (%.1f s), below %.0f %%", variation * 100, windows, durationSeconds,
                STATIONARY_VARIATION * 100);
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
            final boolean fine = energy95Hz <= 0.9 * nyquist;
            final double needed = period != null ? p.minCycles() * period : 0;
            final boolean longEnough = period == null ? windows >= p.minWindows() : durationSeconds >= needed;
            adequate = fine && longEnough;
            final StringBuilder sb = new StringBuilder();
            sb.append(String.format("%.0f%% of the energy is below %.3f Hz; ", p.energyFraction() * 100, energy95Hz));
            sb.append(fine ? String.format("sampling every %.3f s (Nyquist %.2f Hz) is fine enough", spectralSeconds,
                nyquist) : String.format("sampling every %.3f s is too coarse: slide by at most %.3f s", spectralSeconds,
                1 / (2 * energy95Hz / 0.9)));
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

    /**
     * The mean rate over the span: iterations between its first and last qualifying send divided by the time between
     * them. The mean of the sliding series weights the span's first and last window-length less than its middle
     * (fewer windows cover them), which biases it whenever the rate drifts within a run a few windows long.
     *
     * @return the rate, or {@code fallback} with fewer than two qualifying sends in the span.
     */
    static double spanRate(final long[] qualifying, final int q, final long startNs, final long endNs,
        final double fallback)
    {
        long first = 0;
        long last = 0;
        int n = 0;
        for (int i = 0; i < q; i++)
        {
            if (qualifying[i] >= startNs && qualifying[i] <= endNs)
            {
                first = n == 0 ? qualifying[i] : first;
                last = qualifying[i];
                n++;
            }
        }
        return n >= 2 && last > first ? (n - 1) / ((last - first) / 1e9) : fallback;
    }

    /** Average consecutive pairs (for spectra of very long series). */
    private static double[] halve(final double[] series)
    {
        final double[] half = new double[series.length / 2];
        for (int i = 0; i < half.length; i++)
        {
            half[i] = (series[2 * i] + series[2 * i + 1]) / 2;
        }
        return half;
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
