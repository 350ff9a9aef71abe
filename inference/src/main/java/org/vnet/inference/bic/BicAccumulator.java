package org.vnet.inference.bic;

import org.agrona.collections.Long2LongHashMap;

import java.util.Map;
import java.util.TreeMap;

/**
 * Ball-in-the-court accounting for one endpoint: for each pair of consecutive events that ends in a send
 * ({@code * -> S*}) the time differential is added to the BIC delay and to the bucket of the send's recipient.
 * {@link #onEvent} is allocation-free once every peer has been seen.
 */
public final class BicAccumulator
{
    private final long maxGapNs;
    /** Delay per recipient; -1 marks a missing entry, since a sum of 0 ns is a real value. */
    private final Long2LongHashMap byPeer = new Long2LongHashMap(-1);
    private final long[] pairCount = new long[16];
    private final long[] pairNs = new long[16];
    private int lastKind = EventKind.NONE;
    private long lastTimeNs;
    private long totalNs;
    private long events;

    /**
     * @param maxGapNs pairs further apart than this are idle time, not ball time (0 = no limit).
     */
    public BicAccumulator(final long maxGapNs)
    {
        this.maxGapNs = maxGapNs;
    }

    /**
     * Account one event of this endpoint.
     *
     * @param kind   one of {@link EventKind}'s constants.
     * @param timeNs event time, non-decreasing.
     * @param peer   the other endpoint (recipient of a send).
     */
    public void onEvent(final int kind, final long timeNs, final long peer)
    {
        events++;
        if (lastKind != EventKind.NONE)
        {
            final long delta = Math.max(0, timeNs - lastTimeNs);
            final int pair = lastKind * 4 + kind;
            pairCount[pair]++;
            pairNs[pair] += delta;
            if (EventKind.isSend(kind) && (maxGapNs <= 0 || delta <= maxGapNs))
            {
                totalNs += delta;
                final long sofar = byPeer.get(peer);
                byPeer.put(peer, (sofar < 0 ? 0 : sofar) + delta);
            }
        }
        lastKind = kind;
        lastTimeNs = timeNs;
    }

    public long events()
    {
        return events;
    }

    public long totalNs()
    {
        return totalNs;
    }

    /** Count of consecutive-event pairs {@code from -> to}. */
    public long pairCount(final int from, final int to)
    {
        return pairCount[from * 4 + to];
    }

    /** Summed time differential of pairs {@code from -> to}. */
    public long pairNs(final int from, final int to)
    {
        return pairNs[from * 4 + to];
    }

    /** BIC delay per recipient, in ns, sorted by peer. */
    public Map<Long, Long> byPeer()
    {
        final Map<Long, Long> copy = new TreeMap<>();
        byPeer.forEachLong(copy::put);
        return copy;
    }
}
