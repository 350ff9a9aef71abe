package org.vnet.daemon.link.seal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The session ids of this process's {@link Sealer}s: the first is the start time in milliseconds (48
 * bits) and 16 random bits, each next one 1 more. Every sealer (a link opened, or given a new key)
 * takes its own, so no two sealers of one link ever share keys and counters, even when a link is
 * removed and added again; a restarted daemon's ids are larger than its previous run's (unless the
 * clock went back), so peers take the new sessions and refuse the old ones' captured datagrams.
 * Thread-safe.
 */
public final class Session {
    private final AtomicLong next;

    /** Ids from {@link #id}{@code (epochMillis, random16)} on. */
    public Session(final long epochMillis, final int random16) {
        this.next = new AtomicLong(id(epochMillis, random16));
    }

    /** Ids for a process starting now. */
    public static Session start() {
        return new Session(System.currentTimeMillis(), new SecureRandom().nextInt());
    }

    /** A session id made of a time and 16 random bits. */
    public static long id(final long epochMillis, final int random16) {
        return (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | (random16 & 0xFFFF);
    }

    /** A session id never returned before by this instance. */
    public long next() {
        return next.getAndIncrement();
    }
}
