package org.vnet.daemon.switching;

/**
 * Storm control: a token bucket per port and kind of frame (broadcast, multicast, unknown unicast)
 * that the switch consults before it sends such a frame anywhere. A bucket holds up to
 * {@code burst} frames and refills at {@code rate} frames per second from the switch's clock
 * (milliseconds); a rate of 0 means no limit (the default). Arrays allocated up front; no
 * allocation on {@link #admit}. Data-plane thread only.
 */
public final class StormControl {
    /** Frames to ff:ff:ff:ff:ff:ff. */
    public static final int BROADCAST = 0;
    /** Frames to another group address. */
    public static final int MULTICAST = 1;
    /** Unicast frames to an address nobody learned (flooded). */
    public static final int UNKNOWN_UNICAST = 2;
    /** Number of kinds. */
    public static final int KINDS = 3;
    /** Largest rate and burst accepted, in frames (per second). */
    public static final long MAX_FRAMES = 1_000_000_000L;

    /** Tokens are counted in thousandths of a frame so that a millisecond refills {@code rate} of them. */
    private static final long FRAME = 1000;
    /** Longest pause credited at once; more refills the bucket anyway (and keeps the product in range). */
    private static final long MAX_ELAPSED_MILLIS = 60_000_000L;

    private final long[] rate;
    private final long[] capacity;
    private final long[] tokens;
    private final long[] last;

    /** Buckets for port ids below {@code ports}, every one unlimited. */
    public StormControl(final int ports) {
        rate = new long[ports * KINDS];
        capacity = new long[ports * KINDS];
        tokens = new long[ports * KINDS];
        last = new long[ports * KINDS];
    }

    /**
     * Limits frames of {@code kind} from {@code port} to {@code framesPerSecond} with bursts of
     * {@code burst} frames; a rate of 0 removes the limit. The bucket starts full.
     */
    public void configure(final int port, final int kind, final long framesPerSecond, final long burst,
                          final long nowMillis) {
        if (framesPerSecond < 0 || framesPerSecond > MAX_FRAMES || burst < 0 || burst > MAX_FRAMES
            || (framesPerSecond > 0 && burst < 1)) {
            throw new IllegalArgumentException("rate " + framesPerSecond + "/s, burst " + burst
                + ": want 0..1000000000, and a burst of at least 1 with a rate");
        }
        final int i = port * KINDS + kind;
        rate[i] = framesPerSecond;
        capacity[i] = burst * FRAME;
        tokens[i] = capacity[i];
        last[i] = nowMillis;
    }

    /** Removes every limit of {@code port}. */
    public void clear(final int port) {
        for (int k = 0; k < KINDS; k++) {
            rate[port * KINDS + k] = 0;
        }
    }

    /** Whether {@code port} has a limit for {@code kind}. */
    public boolean limited(final int port, final int kind) {
        return rate[port * KINDS + kind] != 0;
    }

    /**
     * Takes one frame of {@code kind} from {@code port}'s bucket.
     *
     * @return true to send the frame, false to drop it (the bucket is empty)
     */
    public boolean admit(final int port, final int kind, final long nowMillis) {
        final int i = port * KINDS + kind;
        final long r = rate[i];
        if (r == 0) {
            return true;
        }
        final long elapsed = nowMillis - last[i];
        if (elapsed > 0) {
            final long refill = Math.min(elapsed, MAX_ELAPSED_MILLIS) * r;
            tokens[i] = Math.min(capacity[i], tokens[i] + refill);
            last[i] = nowMillis;
        }
        if (tokens[i] >= FRAME) {
            tokens[i] -= FRAME;
            return true;
        }
        return false;
    }
}
