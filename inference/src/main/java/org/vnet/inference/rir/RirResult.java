package org.vnet.inference.rir;

import java.util.List;

/**
 * Round-trip iteration rate of one endpoint: the sliding-window series and what is derived from it. When
 * {@code available} is false only {@code reason} (and the counts) are meaningful: no number is made up.
 *
 * @param available         whether a rate could be computed.
 * @param reason            why not, or "".
 * @param rttNs             RTT estimate used (0 when unknown).
 * @param rttFromFallback   whether the RTT came from the configured fallback or the global estimate.
 * @param thresholdNs       c * RTT.
 * @param sends             payload sends seen.
 * @param qualifyingSends   sends that passed both conditions.
 * @param windowSeconds     sliding window length.
 * @param slideSeconds      slide step t.
 * @param series            qualifying sends per window, per second.
 * @param avg               RIRavg (iterations per second).
 * @param cdf               empirical CDF as [value, fraction] points.
 * @param periodSeconds     super-phase period, or null when the spectrum shows none.
 * @param dominantHz        frequency of the spectral peak (0 when none).
 * @param energy95Hz        frequency below which 95 % of the series' energy lies.
 * @param adequate          sampling-adequacy verdict.
 * @param adequacy          explanation of the verdict.
 */
public record RirResult(
    boolean available,
    String reason,
    long rttNs,
    boolean rttFromFallback,
    long thresholdNs,
    long sends,
    long qualifyingSends,
    double windowSeconds,
    double slideSeconds,
    double[] series,
    double avg,
    List<double[]> cdf,
    Double periodSeconds,
    double dominantHz,
    double energy95Hz,
    boolean adequate,
    String adequacy)
{
    /** A result saying why there is no rate. */
    public static RirResult unavailable(final String reason, final long rttNs, final long sends)
    {
        return new RirResult(false, reason, rttNs, false, 0, sends, 0, 0, 0, new double[0], Double.NaN, List.of(),
            null, 0, 0, false, reason);
    }
}
