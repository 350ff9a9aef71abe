package org.vnet.daemon.link;

/**
 * Whether a link's peer is alive: every valid message from it (DATA, KEEPALIVE, SUMMARY...)
 * counts, and each end sends a KEEPALIVE every {@link #KEEPALIVE_MILLIS}, so a UDP link is "up" while
 * something arrived in the last {@link #SILENT_MILLIS} and "down" otherwise (never heard, or the
 * peer daemon died); a TCP/TLS connection silent that long may be taken over by a newcomer.
 * Written on the data-plane thread (at most every 100 ms), read from any.
 */
final class PeerLiveness {
    /** How often each end of a link sends a KEEPALIVE. */
    static final long KEEPALIVE_MILLIS = 1_000;
    /** A peer silent this long is down (three keepalives missed). */
    static final long SILENT_MILLIS = 3 * KEEPALIVE_MILLIS;

    private volatile long heardMillis = Long.MIN_VALUE / 2;

    /** A valid message from the peer arrived at {@code nowMillis}. */
    void heard(final long nowMillis) {
        if (nowMillis - heardMillis >= 100) {
            heardMillis = nowMillis;
        }
    }

    /** Whether the peer was heard within {@code millis} of {@code nowMillis}. */
    boolean heardWithin(final long nowMillis, final long millis) {
        return nowMillis - heardMillis <= millis;
    }

    /** Whether the peer was heard within {@link #SILENT_MILLIS} of {@code nowMillis}. */
    boolean alive(final long nowMillis) {
        return nowMillis - heardMillis <= SILENT_MILLIS;
    }
}
