package org.vnet.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the fuzz tests ask of a decoder given any input: a refusal carries a message a person can act on, and
 * decoding one input allocates a bounded number of bytes (measured on the calling thread, HotSpot only).
 */
public final class FuzzChecks {
    /**
     * What one input may allocate beyond its own share: the first inputs of a run initialise Jackson's and Netty's
     * caches, which allocates some MiB once.
     */
    public static final long WARM_UP_ALLOWANCE = 64L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

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

    /** Starts measuring what the calling thread allocates. */
    public static Meter meter() {
        return new Meter(THREADS.getCurrentThreadAllocatedBytes(), CLASSES.getTotalLoadedClassCount());
    }

    /** What the calling thread allocated since {@link #meter()}. */
    public static final class Meter {
        private final long bytes;
        private final long classes;

        private Meter(final long bytes, final long classes) {
            this.bytes = bytes;
            this.classes = classes;
        }

        /**
         * Fails when the calling thread allocated more than {@code perInputByte} bytes per byte of an
         * {@code inputLength} input, plus {@link #WARM_UP_ALLOWANCE}. An input during which classes were loaded
         * is not judged: loading (and, when fuzzing, instrumenting) them allocates without bound on this thread.
         */
        public void assertAllocatedAtMost(final int inputLength, final long perInputByte, final String what) {
            final long used = THREADS.getCurrentThreadAllocatedBytes() - bytes;
            if (CLASSES.getTotalLoadedClassCount() != classes) {
                return;
            }
            final long limit = WARM_UP_ALLOWANCE + perInputByte * inputLength;
            assertTrue(used <= limit, () -> what + " allocated " + used + " bytes, more than the bound " + limit);
        }
    }
}
