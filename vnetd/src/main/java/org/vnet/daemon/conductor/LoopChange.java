package org.vnet.daemon.conductor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A change handed to the data-plane loop that the caller may still cancel while it waits in the
 * loop's queue: the loop runs it only if it was not cancelled first, and once it has started it
 * runs to the end. So a caller that gives up knows whether the data plane changed ({@link #cancel}
 * true: it never will) or will change ({@link #cancel} false: it is running or done).
 */
final class LoopChange implements Runnable {
    private static final int QUEUED = 0;
    private static final int STARTED = 1;
    private static final int CANCELLED = 2;

    private final Runnable task;
    private final AtomicInteger phase = new AtomicInteger(QUEUED);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable failure;

    LoopChange(final Runnable task) {
        this.task = task;
    }

    @Override
    public void run() {
        if (!phase.compareAndSet(QUEUED, STARTED)) {
            return;
        }
        try {
            task.run();
        } catch (final RuntimeException | Error e) {
            failure = e;
        } finally {
            done.countDown();
        }
    }

    /** Cancels the change if the loop has not started it; true if it never will. */
    boolean cancel() {
        return phase.compareAndSet(QUEUED, CANCELLED);
    }

    /** Waits up to {@code timeout} for the change to finish; true if it did. */
    boolean await(final long timeout, final TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    /** True once the change has run to its end. */
    boolean isDone() {
        return done.getCount() == 0;
    }

    /** What the change threw, or null; meaningful once {@link #isDone()}. */
    Throwable failure() {
        return failure;
    }
}
