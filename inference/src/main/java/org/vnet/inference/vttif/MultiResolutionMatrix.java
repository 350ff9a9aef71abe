package org.vnet.inference.vttif;

/**
 * Proactive VTTIF: per-second matrices in a ring of 2^k seconds, answering "the matrix for the last n seconds"
 * for n = 1, 2, 4, ... 2^k. {@link #add} is allocation-free in steady state.
 */
public final class MultiResolutionMatrix
{
    private static final long SECOND_NS = 1_000_000_000L;

    private final TrafficMatrix[] buckets;
    private final int mask;
    private long currentSecond = Long.MIN_VALUE;

    /**
     * @param levels k: the longest resolution is 2^k seconds (0..16).
     */
    public MultiResolutionMatrix(final int levels)
    {
        if (levels < 0 || levels > 16)
        {
            throw new IllegalArgumentException("levels must be in [0, 16]: " + levels);
        }
        buckets = new TrafficMatrix[1 << levels];
        for (int i = 0; i < buckets.length; i++)
        {
            buckets[i] = new TrafficMatrix();
        }
        mask = buckets.length - 1;
    }

    /** Longest window kept, in seconds. */
    public int maxSeconds()
    {
        return buckets.length;
    }

    /**
     * Account a frame at {@code timeNs}; older time than the current second counts into the current second.
     *
     * @return true if this frame opened a new second.
     */
    public boolean add(final long timeNs, final long srcMac, final long dstMac, final long bytes)
    {
        final boolean rolled = advanceTo(timeNs);
        buckets[(int)(currentSecond & mask)].add(srcMac, dstMac, bytes, 1);
        return rolled;
    }

    /**
     * Move the clock to {@code timeNs}, clearing the seconds that passed.
     *
     * @return true if a new second started.
     */
    public boolean advanceTo(final long timeNs)
    {
        final long second = Math.floorDiv(timeNs, SECOND_NS);
        if (currentSecond == Long.MIN_VALUE)
        {
            currentSecond = second;
            return true;
        }
        if (second <= currentSecond)
        {
            return false;
        }
        final long steps = Math.min(second - currentSecond, buckets.length);
        for (long s = 1; s <= steps; s++)
        {
            buckets[(int)((currentSecond + s) & mask)].clear();
        }
        currentSecond = second;
        return true;
    }

    /** Start of the current (partial) second in ns, or Long.MIN_VALUE before any traffic. */
    public long currentSecondStartNs()
    {
        return currentSecond == Long.MIN_VALUE ? Long.MIN_VALUE : currentSecond * SECOND_NS;
    }

    /**
     * The matrix of the last {@code seconds} whole seconds including the current partial one.
     *
     * @param seconds 1 .. {@link #maxSeconds()}.
     * @return a new matrix.
     */
    public TrafficMatrix lastSeconds(final int seconds)
    {
        if (seconds < 1 || seconds > buckets.length)
        {
            throw new IllegalArgumentException("seconds must be in [1, " + buckets.length + "]: " + seconds);
        }
        final TrafficMatrix result = new TrafficMatrix();
        if (currentSecond == Long.MIN_VALUE)
        {
            return result;
        }
        for (int s = 0; s < seconds; s++)
        {
            result.merge(buckets[(int)((currentSecond - s) & mask)]);
        }
        return result;
    }

    /**
     * The matrix of the second {@code secondsAgo} before the current one (0 = current, partial).
     */
    public TrafficMatrix bucket(final int secondsAgo)
    {
        return buckets[(int)((currentSecond - secondsAgo) & mask)];
    }
}
