package org.vnet.daemon.switching;

import java.util.Arrays;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Learned MAC addresses: MAC to (port, last seen), with port security. Entries older than the
 * ageing time are ignored and swept.
 * <p>
 * Bounded twice: a port learns at most its limit ({@link #limit}), and the table holds at most
 * {@code capacity} addresses. A port at its limit replaces its own least recently seen address; a
 * full table replaces the least recently seen address of all. So a MAC-flooding VM churns its own
 * entries, and a full table never makes a recently seen destination unknown. "Recently" has a
 * resolution of one second: an entry is refreshed (moved to the back of the order) at most once a
 * second.
 * <p>
 * A port may be pinned ({@link #pin}): it may send only from one MAC, fixed or the first it
 * learns; that MAC is never learned on another port, and it is never replaced for room (it only
 * ages). All storage is allocated up front: learning allocates nothing. Single-threaded: the
 * data-plane thread only.
 */
public final class MacTable {
    /** {@link #learn}: nothing changed (known on this port, or not learned). */
    public static final int KNOWN = 0;
    /** {@link #learn}: the address is new or moved to this port. */
    public static final int LEARNED = 1;
    /** {@link #learn}: the address is new and became the port's pinned MAC. */
    public static final int PINNED = 2;
    /** {@link #learn}: the port is pinned to another MAC: drop the frame. */
    public static final int NOT_PINNED = -1;
    /** {@link #learn}: the address is pinned to another port: drop the frame. */
    public static final int SPOOFED = -2;

    /** {@link #pin} mode: any source MAC. */
    public static final int PIN_OFF = 0;
    /** {@link #pin} mode: the first source MAC learned is the only one allowed. */
    public static final int PIN_FIRST = 1;
    /** {@link #pin} mode: only the given MAC. */
    public static final int PIN_FIXED = 2;

    /** Default learning limit of a local interface. */
    public static final int INTERFACE_LIMIT_DEFAULT = 1024;

    private static final int NONE = -1;
    private static final long NO_MAC = -1L;
    private static final long REFRESH_MILLIS = 1000;

    private final long ageMillis;
    private final int capacity;
    private final int linkLimit;
    private final Long2LongHashMap index;
    private final Long2LongHashMap pinOwner;

    // entries by slot; the pinned ones sit in their port's order only, never in the global one
    private final long[] mac;
    private final long[] seen;
    private final int[] port;
    private final int[] prev;
    private final int[] next;
    private final int[] portPrev;
    private final int[] portNext;
    private final boolean[] pinnedEntry;
    private int head = NONE;
    private int tail = NONE;
    private int free;
    private int replaceable;

    // per port
    private final int[] portHead;
    private final int[] portTail;
    private final int[] count;
    private final int[] limit;
    private final int[] pinMode;
    private final long[] pinned;

    private AtomicCounter evictions;

    /**
     * A table for {@link Switch#maxPorts()} ports; links learn at most half the capacity.
     *
     * @param ageMillis how long an address stays learned without being seen
     * @param capacity  most addresses held
     */
    public MacTable(final long ageMillis, final int capacity) {
        this(ageMillis, capacity, Switch.maxPorts(), Math.max(1, capacity / 2));
    }

    /**
     * @param ageMillis how long an address stays learned without being seen
     * @param capacity  most addresses held
     * @param ports     port ids are below this
     * @param linkLimit learning limit of a link
     */
    public MacTable(final long ageMillis, final int capacity, final int ports, final int linkLimit) {
        if (capacity < 1) {
            throw new IllegalArgumentException("MAC table capacity " + capacity + " < 1");
        }
        this.ageMillis = ageMillis;
        this.capacity = capacity;
        this.linkLimit = linkLimit;
        final int slots = capacity + ports;
        index = new Long2LongHashMap(2 * slots, 0.6f, NONE);
        pinOwner = new Long2LongHashMap(2 * ports, 0.6f, NONE);
        mac = new long[slots];
        seen = new long[slots];
        port = new int[slots];
        prev = new int[slots];
        next = new int[slots];
        portPrev = new int[slots];
        portNext = new int[slots];
        pinnedEntry = new boolean[slots];
        for (int i = 0; i < slots; i++) {
            next[i] = i + 1 < slots ? i + 1 : NONE;
        }
        free = 0;
        portHead = new int[ports];
        portTail = new int[ports];
        count = new int[ports];
        limit = new int[ports];
        pinMode = new int[ports];
        pinned = new long[ports];
        Arrays.fill(portHead, NONE);
        Arrays.fill(portTail, NONE);
        Arrays.fill(limit, Math.min(INTERFACE_LIMIT_DEFAULT, capacity));
        Arrays.fill(pinned, NO_MAC);
    }

    /** Counts every address replaced for room from now on (null stops). */
    public void evictions(final AtomicCounter counter) {
        this.evictions = counter;
    }

    /** The learning limit of a link (see {@link #limit}). */
    public int linkLimit() {
        return linkLimit;
    }

    /** Lets {@code portId} learn at most {@code max} addresses (at least 1). */
    public void limit(final int portId, final int max) {
        limit[portId] = Math.max(1, max);
        while (count[portId] > limit[portId] && evictFrom(portId)) {
            // trimmed to the new limit
        }
    }

    /** The learning limit of {@code portId}. */
    public int limit(final int portId) {
        return limit[portId];
    }

    /**
     * Pins {@code portId}: {@link #PIN_OFF}, {@link #PIN_FIRST}, or {@link #PIN_FIXED} to {@code fixedMac}.
     * Addresses already learned on the port are forgotten; a fixed MAC learned elsewhere is too.
     */
    public void pin(final int portId, final int mode, final long fixedMac) {
        unpin(portId);
        while (portHead[portId] != NONE) {
            remove(portHead[portId]);
        }
        pinMode[portId] = mode;
        if (mode == PIN_FIXED) {
            final int slot = (int) index.get(fixedMac);
            if (slot != NONE) {
                remove(slot);
            }
            setPin(portId, fixedMac);
        }
    }

    /** The MAC {@code portId} is pinned to, or -1 when it is not pinned (or not yet, in {@link #PIN_FIRST}). */
    public long pinnedMac(final int portId) {
        return pinned[portId];
    }

    /** The port that pinned {@code address}, or -1. */
    public int pinOwner(final long address) {
        return (int) pinOwner.get(address);
    }

    /**
     * Checks and records that {@code address} was seen as a source on {@code portId} at {@code nowMillis}.
     * A group address is only checked against the pins, never learned.
     *
     * @return {@link #KNOWN}, {@link #LEARNED}, {@link #PINNED}, or, to drop the frame,
     *         {@link #NOT_PINNED} or {@link #SPOOFED}
     */
    public int learn(final long address, final int portId, final long nowMillis) {
        final int mode = pinMode[portId];
        boolean pinnedNow = false;
        if (mode != PIN_OFF) {
            final long own = pinned[portId];
            if (own == NO_MAC) {
                if (isGroup(address) || pinOwner.get(address) != NONE) {
                    return isGroup(address) ? NOT_PINNED : SPOOFED;
                }
                setPin(portId, address);
                pinnedNow = true;
            } else if (own != address) {
                return NOT_PINNED;
            }
        } else if (!pinOwner.isEmpty() && pinOwner.get(address) != NONE) {
            return SPOOFED;
        }
        if (isGroup(address)) {
            return KNOWN;
        }
        final int slot = (int) index.get(address);
        if (slot != NONE) {
            if (port[slot] == portId) {
                if (nowMillis - seen[slot] >= REFRESH_MILLIS) {
                    seen[slot] = nowMillis;
                    unlink(slot);
                    link(slot);
                }
                return pinnedNow ? PINNED : KNOWN;
            }
            remove(slot);
        }
        return insert(address, portId, nowMillis) ? (pinnedNow ? PINNED : LEARNED) : KNOWN;
    }

    /** The port {@code address} was last seen on, or -1 if unknown or aged out. */
    public int lookup(final long address, final long nowMillis) {
        final int slot = (int) index.get(address);
        if (slot == NONE || nowMillis - seen[slot] > ageMillis) {
            return -1;
        }
        return port[slot];
    }

    /** Removes aged entries. */
    public void sweep(final long nowMillis) {
        while (head != NONE && nowMillis - seen[head] > ageMillis) {
            remove(head);
        }
        for (int p = 0; p < pinMode.length; p++) {
            final int h = portHead[p];
            if (pinMode[p] != PIN_OFF && h != NONE && nowMillis - seen[h] > ageMillis) {
                remove(h);
            }
        }
    }

    /** Forgets every address learned on {@code portId} and its pin and limit (it was removed). */
    public void forgetPort(final int portId) {
        while (portHead[portId] != NONE) {
            remove(portHead[portId]);
        }
        unpin(portId);
        pinMode[portId] = PIN_OFF;
        limit[portId] = Math.min(INTERFACE_LIMIT_DEFAULT, capacity);
    }

    /**
     * Writes up to {@code out.length} addresses learned on {@code portId} and not aged into {@code out}.
     *
     * @return how many were written
     */
    public int learnedOn(final int portId, final long[] out, final long nowMillis) {
        int n = 0;
        for (int s = portHead[portId]; s != NONE && n < out.length; s = portNext[s]) {
            if (nowMillis - seen[s] <= ageMillis) {
                out[n++] = mac[s];
            }
        }
        return n;
    }

    /** Addresses learned on {@code portId}, aged or not. */
    public int count(final int portId) {
        return count[portId];
    }

    /** Number of entries, aged or not. */
    public int size() {
        return index.size();
    }

    private boolean insert(final long address, final int portId, final long nowMillis) {
        final boolean isPin = pinned[portId] == address;
        if (!isPin) {
            if (count[portId] >= limit[portId] && !evictFrom(portId)) {
                return false;
            }
            if (replaceable >= capacity && !evict(head)) {
                return false;
            }
        }
        final int slot = free;
        free = next[slot];
        mac[slot] = address;
        seen[slot] = nowMillis;
        port[slot] = portId;
        pinnedEntry[slot] = isPin;
        index.put(address, slot);
        count[portId]++;
        link(slot);
        return true;
    }

    private boolean evictFrom(final int portId) {
        int s = portHead[portId];
        while (s != NONE && pinnedEntry[s]) {
            s = portNext[s];
        }
        return evict(s);
    }

    private boolean evict(final int slot) {
        if (slot == NONE) {
            return false;
        }
        remove(slot);
        if (evictions != null) {
            evictions.incrementRelease();
        }
        return true;
    }

    private void remove(final int slot) {
        unlink(slot);
        index.remove(mac[slot]);
        count[port[slot]]--;
        next[slot] = free;
        free = slot;
    }

    private void link(final int slot) {
        final int p = port[slot];
        portNext[slot] = NONE;
        portPrev[slot] = portTail[p];
        if (portTail[p] != NONE) {
            portNext[portTail[p]] = slot;
        } else {
            portHead[p] = slot;
        }
        portTail[p] = slot;
        if (!pinnedEntry[slot]) {
            next[slot] = NONE;
            prev[slot] = tail;
            if (tail != NONE) {
                next[tail] = slot;
            } else {
                head = slot;
            }
            tail = slot;
            replaceable++;
        }
    }

    private void unlink(final int slot) {
        final int p = port[slot];
        if (portPrev[slot] != NONE) {
            portNext[portPrev[slot]] = portNext[slot];
        } else {
            portHead[p] = portNext[slot];
        }
        if (portNext[slot] != NONE) {
            portPrev[portNext[slot]] = portPrev[slot];
        } else {
            portTail[p] = portPrev[slot];
        }
        if (!pinnedEntry[slot]) {
            if (prev[slot] != NONE) {
                next[prev[slot]] = next[slot];
            } else {
                head = next[slot];
            }
            if (next[slot] != NONE) {
                prev[next[slot]] = prev[slot];
            } else {
                tail = prev[slot];
            }
            replaceable--;
        }
    }

    private void setPin(final int portId, final long address) {
        pinned[portId] = address;
        pinOwner.put(address, portId);
    }

    private void unpin(final int portId) {
        if (pinned[portId] != NO_MAC) {
            pinOwner.remove(pinned[portId]);
            pinned[portId] = NO_MAC;
        }
    }

    private static boolean isGroup(final long address) {
        return (address & 0x0100_0000_0000L) != 0;
    }
}
