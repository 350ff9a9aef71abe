package org.vnet.daemon.telemetry;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.vnet.inference.packet.Mac;

/**
 * Frames and bytes per (source MAC, destination MAC) in the counters file, so the traffic matrix
 * can be read from outside the daemon. Data-plane thread only: a known pair costs two primitive
 * map lookups and two release stores; a new pair allocates its two counters once. Bounded: past
 * {@link #MAX_PAIRS} pairs, frames are counted under the "other" pair (labelled {@code pair other}).
 */
public final class MacPairCounters {
    /** Most pairs with counters of their own. */
    public static final int MAX_PAIRS = 1024;

    private final CountersManager manager;
    private final Long2ObjectHashMap<Long2ObjectHashMap<AtomicCounter[]>> bySrc = new Long2ObjectHashMap<>();
    private final AtomicCounter[] other;
    private int pairs;

    /** Counters in {@code manager}. */
    public MacPairCounters(final CountersManager manager) {
        this.manager = manager;
        this.other = new AtomicCounter[] {manager.newCounter("pair other frames"), manager.newCounter("pair other bytes")};
    }

    /** Counts one frame of {@code bytes} from {@code src} to {@code dst}. */
    public void count(final long src, final long dst, final int bytes) {
        Long2ObjectHashMap<AtomicCounter[]> byDst = bySrc.get(src);
        AtomicCounter[] c = byDst == null ? null : byDst.get(dst);
        if (c == null) {
            c = add(src, dst, byDst);
        }
        c[0].incrementRelease();
        c[1].getAndAddRelease(bytes);
    }

    /** Pairs with counters of their own. */
    public int pairs() {
        return pairs;
    }

    private AtomicCounter[] add(final long src, final long dst, final Long2ObjectHashMap<AtomicCounter[]> byDst) {
        if (pairs >= MAX_PAIRS || manager.available() < 2) {
            return other;
        }
        Long2ObjectHashMap<AtomicCounter[]> m = byDst;
        if (m == null) {
            m = new Long2ObjectHashMap<>();
            bySrc.put(src, m);
        }
        final String label = "pair " + Mac.format(src) + ">" + Mac.format(dst) + " ";
        final AtomicCounter[] c = {manager.newCounter(label + "frames"), manager.newCounter(label + "bytes")};
        m.put(dst, c);
        pairs++;
        return c;
    }
}
