package org.vnet.inference.vttif;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * Reactive VTTIF: starts a measurement when the application traffic rate rises to a start threshold, stops it
 * when the rate falls below a lower stop threshold (hysteresis), and reports a topology change only when a new
 * denoised edge set has persisted for a number of consecutive seconds. Called once per completed second.
 */
public final class ChangeDetector
{
    /** A reported topology, valid from {@code timeNs}. */
    public record Change(long timeNs, Topology topology)
    {
    }

    /** A measurement interval [startNs, endNs); endNs is -1 while still measuring. */
    public record Interval(long startNs, long endNs)
    {
    }

    private final double alpha;
    private final long startBytesPerSecond;
    private final long stopBytesPerSecond;
    private final int windowSeconds;
    private final int persistSeconds;
    private final List<Change> changes = new ArrayList<>();
    private final List<Interval> intervals = new ArrayList<>();
    private boolean measuring;
    private long measuringSinceNs;
    private String reported = "";
    private String candidate = "";
    private int candidateSeconds;

    /**
     * @param alpha               denoising threshold.
     * @param startBytesPerSecond rate at or above which a measurement starts.
     * @param stopBytesPerSecond  rate below which it stops (must not exceed the start rate).
     * @param windowSeconds       seconds of traffic the edge set is computed over.
     * @param persistSeconds      consecutive seconds a new edge set must persist before it is reported.
     */
    public ChangeDetector(final double alpha, final long startBytesPerSecond, final long stopBytesPerSecond,
        final int windowSeconds, final int persistSeconds)
    {
        if (stopBytesPerSecond > startBytesPerSecond)
        {
            throw new IllegalArgumentException("stop rate must not exceed start rate");
        }
        this.alpha = alpha;
        this.startBytesPerSecond = startBytesPerSecond;
        this.stopBytesPerSecond = stopBytesPerSecond;
        this.windowSeconds = windowSeconds;
        this.persistSeconds = persistSeconds;
    }

    /**
     * Evaluate the second that just completed.
     *
     * @param nowNs   start of the new (current) second.
     * @param history per-second matrices; bucket(1) is the completed second.
     * @return the change reported now, or null.
     */
    public Change onSecond(final long nowNs, final MultiResolutionMatrix history)
    {
        final long rate = history.bucket(1).totalBytes();
        if (!measuring && rate >= startBytesPerSecond && rate > 0)
        {
            measuring = true;
            measuringSinceNs = nowNs - 1_000_000_000L;
            candidate = "";
            candidateSeconds = 0;
        }
        else if (measuring && rate < stopBytesPerSecond)
        {
            measuring = false;
            intervals.add(new Interval(measuringSinceNs, nowNs - 1_000_000_000L));
            return null;
        }
        if (!measuring)
        {
            return null;
        }
        final TrafficMatrix window = new TrafficMatrix();
        final int seconds = Math.min(windowSeconds, history.maxSeconds() - 1);
        for (int s = 1; s <= seconds; s++)
        {
            window.merge(history.bucket(s));
        }
        final TrafficMatrix denoised = window.denoise(alpha);
        final String key = edgeKey(denoised);
        if (key.equals(reported))
        {
            candidate = "";
            candidateSeconds = 0;
            return null;
        }
        if (key.equals(candidate))
        {
            candidateSeconds++;
        }
        else
        {
            candidate = key;
            candidateSeconds = 1;
        }
        if (candidateSeconds >= persistSeconds)
        {
            reported = key;
            candidate = "";
            candidateSeconds = 0;
            final Change change = new Change(nowNs, TopologyClassifier.classify(denoised));
            changes.add(change);
            return change;
        }
        return null;
    }

    public boolean isMeasuring()
    {
        return measuring;
    }

    /** Every change reported so far, oldest first. */
    public List<Change> changes()
    {
        return Collections.unmodifiableList(changes);
    }

    /** Measurement intervals so far, including an open one. */
    public List<Interval> intervals()
    {
        final List<Interval> all = new ArrayList<>(intervals);
        if (measuring)
        {
            all.add(new Interval(measuringSinceNs, -1));
        }
        return all;
    }

    private static String edgeKey(final TrafficMatrix denoised)
    {
        final TreeSet<String> edges = new TreeSet<>();
        for (final TrafficMatrix.Entry e : denoised.entries())
        {
            final long a = Math.min(e.srcMac(), e.dstMac());
            final long b = Math.max(e.srcMac(), e.dstMac());
            edges.add(Long.toHexString(a) + "-" + Long.toHexString(b));
        }
        return String.join(",", edges);
    }
}
