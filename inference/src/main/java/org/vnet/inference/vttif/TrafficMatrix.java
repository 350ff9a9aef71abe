package org.vnet.inference.vttif;

import org.agrona.collections.Long2LongHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Bytes and frames per ordered endpoint pair, endpoints keyed by MAC; {@link #add} is allocation-free once the
 * pair has been seen (arrays grow geometrically when new endpoints or pairs appear).
 */
public final class TrafficMatrix
{
    /** One non-zero cell. */
    public record Entry(long srcMac, long dstMac, long bytes, long frames)
    {
    }

    private static final long MISSING = -1;

    private final Long2LongHashMap macToIndex = new Long2LongHashMap(MISSING);
    private final Long2LongHashMap pairToIndex = new Long2LongHashMap(MISSING);
    private long[] macs = new long[16];
    private int endpointCount;
    private int[] pairSrc = new int[64];
    private int[] pairDst = new int[64];
    private long[] pairBytes = new long[64];
    private long[] pairFrames = new long[64];
    private int pairCount;
    private long totalBytes;
    private long totalFrames;
    private long lastSrcMac = -1;
    private long lastDstMac = -1;
    private int lastPair = -1;

    /**
     * Account traffic from {@code srcMac} to {@code dstMac}.
     *
     * @param srcMac     sender.
     * @param dstMac     receiver.
     * @param byteCount  bytes to add.
     * @param frameCount frames to add.
     */
    public void add(final long srcMac, final long dstMac, final long byteCount, final long frameCount)
    {
        if (lastPair >= 0 && srcMac == lastSrcMac && dstMac == lastDstMac)
        {
            pairBytes[lastPair] += byteCount;
            pairFrames[lastPair] += frameCount;
            totalBytes += byteCount;
            totalFrames += frameCount;
            return;
        }
        final int src = intern(srcMac);
        final int dst = intern(dstMac);
        final long key = ((long)src << 32) | (dst & 0xFFFF_FFFFL);
        int pair = (int)pairToIndex.get(key);
        if (pair < 0)
        {
            pair = newPair(key, src, dst);
        }
        pairBytes[pair] += byteCount;
        pairFrames[pair] += frameCount;
        totalBytes += byteCount;
        totalFrames += frameCount;
        lastSrcMac = srcMac;
        lastDstMac = dstMac;
        lastPair = pair;
    }

    /**
     * Add every cell of another matrix into this one (the global reduction of observers' matrices).
     *
     * @param other matrix to sum in.
     */
    public void merge(final TrafficMatrix other)
    {
        for (int i = 0; i < other.pairCount; i++)
        {
            add(other.macs[other.pairSrc[i]], other.macs[other.pairDst[i]], other.pairBytes[i], other.pairFrames[i]);
        }
    }

    /** Forget all cells; keeps the allocated capacity. */
    public void clear()
    {
        macToIndex.clear();
        pairToIndex.clear();
        endpointCount = 0;
        pairCount = 0;
        lastPair = -1;
        totalBytes = 0;
        totalFrames = 0;
    }

    public long bytes(final long srcMac, final long dstMac)
    {
        final int pair = pairIndex(srcMac, dstMac);
        return pair < 0 ? 0 : pairBytes[pair];
    }

    public long frames(final long srcMac, final long dstMac)
    {
        final int pair = pairIndex(srcMac, dstMac);
        return pair < 0 ? 0 : pairFrames[pair];
    }

    public long totalBytes()
    {
        return totalBytes;
    }

    public long totalFrames()
    {
        return totalFrames;
    }

    /** Number of non-zero cells. */
    public int size()
    {
        return pairCount;
    }

    public boolean isEmpty()
    {
        return pairCount == 0;
    }

    /** Largest cell in bytes (0 when empty). */
    public long maxBytes()
    {
        long max = 0;
        for (int i = 0; i < pairCount; i++)
        {
            max = Math.max(max, pairBytes[i]);
        }
        return max;
    }

    /** Endpoints that appear in any cell, in first-seen order. */
    public long[] endpoints()
    {
        return Arrays.copyOf(macs, endpointCount);
    }

    /** All cells, largest first (ties by MACs). */
    public List<Entry> entries()
    {
        final List<Entry> entries = new ArrayList<>(pairCount);
        for (int i = 0; i < pairCount; i++)
        {
            entries.add(new Entry(macs[pairSrc[i]], macs[pairDst[i]], pairBytes[i], pairFrames[i]));
        }
        entries.sort(Comparator.comparingLong(Entry::bytes).reversed()
            .thenComparingLong(Entry::srcMac).thenComparingLong(Entry::dstMac));
        return entries;
    }

    /**
     * VTTIF denoising: keep only the cells of at least {@code alpha} times the largest cell.
     *
     * @param alpha threshold fraction in [0, 1].
     * @return a new matrix with the surviving cells.
     */
    public TrafficMatrix denoise(final double alpha)
    {
        final long threshold = (long)Math.ceil(alpha * maxBytes());
        final TrafficMatrix result = new TrafficMatrix();
        for (int i = 0; i < pairCount; i++)
        {
            if (pairBytes[i] >= threshold && pairBytes[i] > 0)
            {
                result.add(macs[pairSrc[i]], macs[pairDst[i]], pairBytes[i], pairFrames[i]);
            }
        }
        return result;
    }

    /** Copy of this matrix. */
    public TrafficMatrix copy()
    {
        final TrafficMatrix result = new TrafficMatrix();
        result.merge(this);
        return result;
    }

    /**
     * Rename endpoints: cells of {@code fromMac} are moved to {@code toMac} (used to fold a provisional endpoint
     * into the one it turned out to be).
     *
     * @return a new matrix.
     */
    public TrafficMatrix renamed(final long fromMac, final long toMac)
    {
        final TrafficMatrix result = new TrafficMatrix();
        for (int i = 0; i < pairCount; i++)
        {
            final long src = macs[pairSrc[i]] == fromMac ? toMac : macs[pairSrc[i]];
            final long dst = macs[pairDst[i]] == fromMac ? toMac : macs[pairDst[i]];
            if (src != dst)
            {
                result.add(src, dst, pairBytes[i], pairFrames[i]);
            }
        }
        return result;
    }

    private int pairIndex(final long srcMac, final long dstMac)
    {
        final long src = macToIndex.get(srcMac);
        final long dst = macToIndex.get(dstMac);
        if (src < 0 || dst < 0)
        {
            return -1;
        }
        return (int)pairToIndex.get((src << 32) | dst);
    }

    private int intern(final long mac)
    {
        final long index = macToIndex.get(mac);
        if (index >= 0)
        {
            return (int)index;
        }
        if (endpointCount == macs.length)
        {
            macs = Arrays.copyOf(macs, macs.length * 2);
        }
        macs[endpointCount] = mac;
        macToIndex.put(mac, endpointCount);
        return endpointCount++;
    }

    private int newPair(final long key, final int src, final int dst)
    {
        if (pairCount == pairSrc.length)
        {
            final int capacity = pairCount * 2;
            pairSrc = Arrays.copyOf(pairSrc, capacity);
            pairDst = Arrays.copyOf(pairDst, capacity);
            pairBytes = Arrays.copyOf(pairBytes, capacity);
            pairFrames = Arrays.copyOf(pairFrames, capacity);
        }
        pairSrc[pairCount] = src;
        pairDst[pairCount] = dst;
        pairBytes[pairCount] = 0;
        pairFrames[pairCount] = 0;
        pairToIndex.put(key, pairCount);
        return pairCount++;
    }
}
