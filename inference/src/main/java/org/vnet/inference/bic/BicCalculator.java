package org.vnet.inference.bic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns per-endpoint BIC delays into the loaded endpoint, imbalance metrics and a slowdown range.
 * <p>
 * With T the observed span, D_L the largest and D_min the smallest BIC delay:
 * <ul>
 *   <li>pessimistic no-load runtime (thesis' global algorithm, least-loaded partner): T - (D_L - D_min);</li>
 *   <li>optimistic no-load runtime: max(T - D_L, D_min). In BSP the partners' messages reach the loaded process
 *       while it is still computing, so part of its extra time is hidden in S-&gt;R gaps; under the
 *       same-kernel assumption the application without the load runs as long as the loaded process spends not
 *       holding the ball, but never shorter than the least-loaded process's own ball time;</li>
 *   <li>estimate: the optimistic value when a loaded endpoint is named (BSP model); when none is, the estimate
 *       and the pessimistic bound are 1 (no load to remove) and the optimistic bound says how much the observed
 *       differences could cost at most.</li>
 * </ul>
 */
public final class BicCalculator
{
    private BicCalculator()
    {
    }

    /**
     * @param delaysNs        BIC delay per endpoint (only endpoints with enough events).
     * @param runtimeNs       observed span T.
     * @param loadedThreshold relative excess over the median BIC delay that names an endpoint loaded.
     * @return the summary.
     */
    public static BicSummary summarise(final Map<Long, Long> delaysNs, final long runtimeNs,
        final double loadedThreshold)
    {
        if (delaysNs.size() < 2)
        {
            return BicSummary.unavailable("not enough data: BIC needs at least 2 endpoints with enough events, have " +
                delaysNs.size());
        }
        if (runtimeNs <= 0)
        {
            return BicSummary.unavailable("not enough data: zero observed time span");
        }
        final int n = delaysNs.size();
        final long[] macs = new long[n];
        final double[] d = new double[n];
        int i = 0;
        for (final Map.Entry<Long, Long> e : delaysNs.entrySet())
        {
            macs[i] = e.getKey();
            d[i] = e.getValue() / 1e9;
            i++;
        }
        double sum = 0;
        int max = 0;
        int min = 0;
        for (i = 0; i < n; i++)
        {
            sum += d[i];
            max = d[i] > d[max] ? i : max;
            min = d[i] < d[min] ? i : min;
        }
        final double mean = sum / n;
        if (mean <= 0)
        {
            return BicSummary.unavailable("not enough data: no BIC events (no endpoint ever sent after an event)");
        }
        double squared = 0;
        final Map<Long, Double> processLevel = new TreeMap<>();
        for (i = 0; i < n; i++)
        {
            squared += (d[i] - mean) * (d[i] - mean);
            processLevel.put(macs[i], (d[i] - mean) / mean);
        }
        final double stdDev = Math.sqrt(squared / n);
        final double[] sorted = d.clone();
        Arrays.sort(sorted);
        final double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        final double reference = Math.max(median, 1e-12);
        final List<Long> loadedEndpoints = new ArrayList<>();
        for (i = 0; i < n; i++)
        {
            if (d[i] >= (1 + loadedThreshold) * reference)
            {
                loadedEndpoints.add(macs[i]);
            }
        }
        final boolean loadedFound = d[max] >= (1 + loadedThreshold) * reference;
        final double t = runtimeNs / 1e9;
        final double dl = Math.min(d[max], t);
        final double imbalance = dl - d[min];
        final double noLoadPessimistic = t - imbalance;
        final double noLoadOptimistic = Math.max(t - dl, d[min]);
        if (!(noLoadOptimistic > 0) || d[min] <= 0)
        {
            return BicSummary.unavailable("not enough data: an endpoint never held the ball (one-way traffic?), " +
                "so no runtime without the load can be estimated");
        }
        final double slowdownPessimistic = loadedFound ? t / noLoadPessimistic : 1.0;
        final double slowdownOptimistic = t / noLoadOptimistic;
        final double estimate = loadedFound ? slowdownOptimistic : 1.0;
        return new BicSummary(true, loadedFound ? "" : "balanced: no endpoint's BIC delay exceeds the median by " +
            Math.round(loadedThreshold * 100) + " %", loadedFound ? macs[max] : null, loadedEndpoints, macs[min], t,
            stdDev, squared, processLevel, imbalance, noLoadOptimistic, noLoadPessimistic, estimate,
            slowdownOptimistic, slowdownPessimistic);
    }
}
