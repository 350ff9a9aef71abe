package org.vnet.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;

/**
 * What the fuzz tests ask of a decoder given any input: a refusal carries a message a person can act on, and
 * decoding one input allocates a bounded number of bytes (measured on the calling thread, HotSpot only).
 */
public final class FuzzChecks {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * What one input may allocate beyond its own share: the first inputs of a run load and initialise classes
     * (Jackson's, Netty's), which allocates some tens of MiB once.
     */
    public static final long CLASS_LOADING_ALLOWANCE = 96L << 20;

    private FuzzChecks() {
    }

    /** Fails unless {@code e}'s message is present, not blank and says more than the exception's class name. */
    public static void assertClearMessage(final Throwable e) {
        final String m = e.getMessage();
        if (m == null || m.isBlank()) {
            fail("refusal without a message: " + e.getClass().getName(), e);
        }
        assertTrue(!m.equals(e.getClass().getName()) && !m.startsWith("java."),
            () -> "refusal whose message names no reason: " + m);
    }

    /** Bytes allocated so far by the calling thread: take it before decoding, pass it to {@link #assertAllocatedAtMost}. */
    public static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * Fails when the calling thread allocated more than {@code perInputByte} bytes per byte of an {@code inputLength}
     * input (plus {@link #CLASS_LOADING_ALLOWANCE}) since {@code before}.
     */
    public static void assertAllocatedAtMost(final long before, final int inputLength, final long perInputByte,
                                             final String what) {
        final long used = THREADS.getCurrentThreadAllocatedBytes() - before;
        final long limit = CLASS_LOADING_ALLOWANCE + perInputByte * inputLength;
        assertTrue(used <= limit, () -> what + " allocated " + used + " bytes, more than the bound " + limit);
    }
}
