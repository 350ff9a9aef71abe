package org.vnet.daemon.link.seal;

/**
 * Which message counters of one session were already accepted: the highest counter seen and a
 * sliding bitmap of the {@link #SIZE} below it (in the manner of RFC 6479: whole 64-bit words are
 * cleared as the window slides, no bit shifting). {@link #check} before authenticating,
 * {@link #accept} only after; allocates nothing. One thread only.
 */
public final class ReplayWindow {
    /** Counters at or below {@code highest - SIZE} are refused as too old. */
    public static final int SIZE = 2048;
    private static final int WORDS = SIZE / 64 + 1;

    private final long[] bits = new long[WORDS];
    private long highest = -1;

    /** Whether {@code counter} (>= 0) may be new: neither seen nor too old. */
    public boolean check(final long counter) {
        if (counter < 0) {
            return false;
        }
        if (counter > highest) {
            return true;
        }
        if (highest - counter >= SIZE) {
            return false;
        }
        return (bits[word(counter)] & bit(counter)) == 0;
    }

    /** Marks {@code counter} seen (after it authenticated); false if it was a replay after all. */
    public boolean accept(final long counter) {
        if (!check(counter)) {
            return false;
        }
        if (counter > highest) {
            final long from = highest < 0 ? -1 : highest >>> 6;
            final long to = counter >>> 6;
            final long clear = Math.min(to - from, WORDS);
            for (long w = 1; w <= clear; w++) {
                bits[(int) ((from + w) % WORDS)] = 0;
            }
            highest = counter;
        }
        bits[word(counter)] |= bit(counter);
        return true;
    }

    /** The highest counter accepted, or -1. */
    public long highest() {
        return highest;
    }

    /** Forgets everything (a new session). */
    public void reset() {
        java.util.Arrays.fill(bits, 0);
        highest = -1;
    }

    private static int word(final long counter) {
        return (int) ((counter >>> 6) % WORDS);
    }

    private static long bit(final long counter) {
        return 1L << (counter & 63);
    }
}
