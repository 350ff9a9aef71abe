package org.vnet.inference.bic;

import java.util.List;
import java.util.Map;

/**
 * Application-level BIC analysis: the loaded endpoint, imbalance metrics and the slowdown range.
 *
 * @param available          whether enough endpoints had enough events.
 * @param reason             why not, or a note ("balanced").
 * @param loaded             MAC of the loaded endpoint, or null when balanced/unavailable.
 * @param loadedEndpoints    every endpoint whose BIC delay exceeds the threshold (multi-load).
 * @param partner            least-loaded endpoint used for comparison.
 * @param runtimeSeconds     observed span T.
 * @param stdDevSeconds      standard deviation of the BIC delays from their average.
 * @param squaredDistance    sum of squared distances of the BIC delays from their average (s^2).
 * @param processLevel       per endpoint (BIC delay - average) / average.
 * @param imbalanceSeconds   loaded minus partner BIC delay (the global algorithm's imbalance).
 * @param noLoadOptimistic   estimated runtime without the load, overlap-aware (smallest).
 * @param noLoadPessimistic  estimated runtime without the load, global algorithm (largest).
 * @param slowdownEstimate   estimated runtime-with-load / runtime-without.
 * @param slowdownOptimistic T / noLoadOptimistic (the most the load could cost).
 * @param slowdownPessimistic T / noLoadPessimistic (the least it could cost).
 */
public record BicSummary(
    boolean available,
    String reason,
    Long loaded,
    List<Long> loadedEndpoints,
    Long partner,
    double runtimeSeconds,
    double stdDevSeconds,
    double squaredDistance,
    Map<Long, Double> processLevel,
    double imbalanceSeconds,
    double noLoadOptimistic,
    double noLoadPessimistic,
    double slowdownEstimate,
    double slowdownOptimistic,
    double slowdownPessimistic)
{
    public static BicSummary unavailable(final String reason)
    {
        return new BicSummary(false, reason, null, List.of(), null, 0, 0, 0, Map.of(), 0, 0, 0, Double.NaN,
            Double.NaN, Double.NaN);
    }
}
