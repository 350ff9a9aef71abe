package org.vnet.daemon.switching;

import org.agrona.collections.Long2LongHashMap;

/**
 * Learned MAC addresses: MAC to (port, last seen). Entries older than the ageing time are ignored
 * and swept. Bounded: when full, new addresses are not learned (frames to them are flooded),
 * which protects the daemon from a MAC-flooding VM. Single-threaded: the data-plane thread only.
 */
public final class MacTable {
    private static final long MISSING = -1L;
    private static final int PORT_SHIFT = 48;
    private static final long TIME_MASK = (1L << PORT_SHIFT) - 1;

    private final Long2LongHashMap entries = new Long2LongHashMap(MISSING);
    private final long ageMillis;
    private final int capacity;

    /**
     * @param ageMillis how long an address stays learned without being seen
     * @param capacity  most addresses held
     */
    public MacTable(final long ageMillis, final int capacity) {
        this.ageMillis = ageMillis;
        this.capacity = capacity;
    }

    /**
     * Records that {@code mac} was seen on {@code port} at {@code nowMillis}.
     *
     * @return true if the address was new or moved to another port
     */
    public boolean learn(final long mac, final int port, final long nowMillis) {
        final long old = entries.get(mac);
        if (old != MISSING) {
            final int oldPort = (int) (old >>> PORT_SHIFT);
            if (oldPort == port && nowMillis - (old & TIME_MASK) < 1000) {
                return false;
            }
            entries.put(mac, pack(port, nowMillis));
            return oldPort != port;
        }
        if (entries.size() >= capacity) {
            return false;
        }
        entries.put(mac, pack(port, nowMillis));
        return true;
    }

    /** The port {@code mac} was last seen on, or -1 if unknown or aged out. */
    public int lookup(final long mac, final long nowMillis) {
        final long v = entries.get(mac);
        if (v == MISSING || nowMillis - (v & TIME_MASK) > ageMillis) {
            return -1;
        }
        return (int) (v >>> PORT_SHIFT);
    }

    /** Removes aged entries. */
    public void sweep(final long nowMillis) {
        final Long2LongHashMap.EntryIterator it = entries.entrySet().iterator();
        while (it.hasNext()) {
            it.next();
            if (nowMillis - (it.getLongValue() & TIME_MASK) > ageMillis) {
                it.remove();
            }
        }
    }

    /** Forgets every address learned on {@code port} (it was removed). */
    public void forgetPort(final int port) {
        final Long2LongHashMap.EntryIterator it = entries.entrySet().iterator();
        while (it.hasNext()) {
            it.next();
            if ((int) (it.getLongValue() >>> PORT_SHIFT) == port) {
                it.remove();
            }
        }
    }

    /**
     * Writes up to {@code out.length} addresses learned on {@code port} and not aged into {@code out}.
     *
     * @return how many were written
     */
    public int learnedOn(final int port, final long[] out, final long nowMillis) {
        int n = 0;
        final Long2LongHashMap.EntryIterator it = entries.entrySet().iterator();
        while (it.hasNext() && n < out.length) {
            it.next();
            final long v = it.getLongValue();
            if ((int) (v >>> PORT_SHIFT) == port && nowMillis - (v & TIME_MASK) <= ageMillis) {
                out[n++] = it.getLongKey();
            }
        }
        return n;
    }

    /** Number of entries, aged or not. */
    public int size() {
        return entries.size();
    }

    private static long pack(final int port, final long nowMillis) {
        return ((long) port << PORT_SHIFT) | (nowMillis & TIME_MASK);
    }
}
