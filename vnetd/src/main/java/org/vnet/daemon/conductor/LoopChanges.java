package org.vnet.daemon.conductor;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.control.CommandException;

/**
 * Hands the conductor's changes to the data-plane loop and waits for them, within a time limit.
 * A change the loop has not started in time is cancelled; one that started but has not finished
 * is left to finish ("unfinished"), the daemon reports itself degraded meanwhile, and the next
 * change first waits for it. Used by the conductor's one writer thread at a time.
 */
final class LoopChanges {
    private static final Logger LOG = LoggerFactory.getLogger(LoopChanges.class);

    private volatile long timeoutMillis;
    private volatile LoopChange unfinished;

    LoopChanges(final long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /** Sets how long a change may take on the loop (tests shorten it). */
    void timeout(final long millis) {
        timeoutMillis = millis;
    }

    /**
     * Runs {@code task} on {@code loop} and waits for it. If the loop does not start it within the
     * timeout it is cancelled ({@code cancelled} then releases what the task would have taken) and
     * refused; if it started but has not finished, the caller is told so and {@link #degraded()}
     * says why until it finishes.
     *
     * @throws CommandException when the change was cancelled, outlived the wait, or threw
     */
    void run(final Executor loop, final Runnable task, final Runnable cancelled) throws CommandException {
        final LoopChange change = new LoopChange(task);
        loop.execute(change);
        final long timeout = timeoutMillis;
        try {
            if (!change.await(timeout, TimeUnit.MILLISECONDS)) {
                if (change.cancel()) {
                    cancelled.run();
                    throw new CommandException("data plane did not answer within " + timeout + " ms; change cancelled, nothing changed");
                }
                unfinished = change;
                LOG.warn("data plane still applying a change after {} ms; degraded until it finishes", timeout);
                throw new CommandException("data plane still applying the change after " + timeout
                    + " ms; it takes effect when done (status shows the daemon degraded until then)");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            if (change.cancel()) {
                cancelled.run();
                throw new CommandException("interrupted; change cancelled");
            }
            unfinished = change;
            throw new CommandException("interrupted while the data plane applies the change");
        }
        final Throwable cause = change.failure();
        if (cause != null) {
            throw new CommandException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }

    /**
     * Waits for a change that outlived its caller's wait, if there is one.
     *
     * @return true if there was one (it has now finished: its state is to be persisted)
     * @throws CommandException when it still has not finished
     */
    boolean awaitUnfinished() throws CommandException {
        final LoopChange late = unfinished;
        if (late == null) {
            return false;
        }
        try {
            if (!late.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new CommandException("data plane still applying an earlier change; try again later");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted");
        }
        return true;
    }

    /** Whether a change outlived its caller's wait and is not yet settled ({@link #awaitUnfinished}). */
    boolean hasUnfinished() {
        return unfinished != null;
    }

    /** Forgets the finished unfinished change once its state is persisted. */
    void settled() {
        unfinished = null;
    }

    /** Why the daemon is degraded (a change running past its time), or null. */
    String degraded() {
        final LoopChange late = unfinished;
        return late != null && !late.isDone()
            ? "a change has been running on the data plane for more than " + timeoutMillis + " ms" : null;
    }
}
