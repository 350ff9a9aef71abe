package org.vnet.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline instead of sleeping a fixed time: polls from 1 ms, doubling up to
 * {@link #MAX_BACKOFF}, and fails with an {@link AssertionError} naming the condition and the last value seen.
 */
public final class Await {
    /** The longest pause between two polls. */
    public static final Duration MAX_BACKOFF = Duration.ofMillis(100);

    private Await() {
    }

    /** Waits until {@code condition} holds; fails after {@code timeout} naming {@code what}. */
    public static void until(final Duration timeout, final String what, final BooleanSupplier condition) {
        until(timeout, what, condition::getAsBoolean, Boolean::booleanValue);
    }

    /**
     * Polls {@code probe} until its value satisfies {@code done} and returns that value; fails after
     * {@code timeout} with {@code what} and the last value probed.
     */
    public static <T> T until(final Duration timeout, final String what, final Supplier<T> probe,
                              final Predicate<? super T> done) {
        final long start = System.nanoTime();
        final long deadline = start + timeout.toNanos();
        long pauseNs = 1_000_000L;
        while (true) {
            final T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            final long now = System.nanoTime();
            if (now - deadline >= 0) {
                throw new AssertionError("timed out after " + Duration.ofNanos(now - start).toMillis() + " ms waiting for "
                    + what + "; last seen: " + Objects.toString(value));
            }
            pause(Math.min(pauseNs, deadline - now));
            pauseNs = Math.min(pauseNs * 2, MAX_BACKOFF.toNanos());
        }
    }

    private static void pause(final long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
