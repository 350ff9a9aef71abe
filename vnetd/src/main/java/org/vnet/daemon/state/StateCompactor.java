package org.vnet.daemon.state;

import java.io.IOException;
import java.util.function.Supplier;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.model.NetworkState;

/**
 * Group commit of the change journal: when changes are pending and either {@code intervalNanos}
 * has passed since the last compaction or {@code maxPending} changes are waiting, writes the
 * latest state to the state file (atomically, with fsync) stamped with the last journal record it
 * includes, then lets the journal delete the files that only hold older records. A failed write
 * is logged (once until one succeeds again), counted and retried after the interval; the changes
 * stay in the journal meanwhile. {@link #doWork()} runs on its own thread; the counters may be
 * read from any thread.
 */
final class StateCompactor implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(StateCompactor.class);

    /**
     * A state and the last journal record it includes.
     *
     * @param state the state
     * @param seq   the journal sequence number of its last change
     */
    record Snapshot(NetworkState state, long seq) {
    }

    private final StateStore store;
    private final ChangeJournal journal;
    private final Supplier<Snapshot> latest;
    private final long intervalNanos;
    private final long maxPending;
    private final NanoClock clock;
    private long lastAttemptNanos;
    private boolean failing;
    private volatile long compactedSeq;
    private volatile long compactions;
    private volatile long errors;

    /**
     * @param store         the state file
     * @param journal       the journal whose old files are released after each compaction
     * @param latest        the latest accepted state (read on this agent's thread)
     * @param compactedSeq  the journal record the state file already includes
     * @param intervalNanos the longest a change waits to be compacted
     * @param maxPending    this many pending changes are compacted without waiting for the interval
     * @param clock         the clock of the interval
     */
    StateCompactor(final StateStore store, final ChangeJournal journal, final Supplier<Snapshot> latest,
                   final long compactedSeq, final long intervalNanos, final long maxPending, final NanoClock clock) {
        this.store = store;
        this.journal = journal;
        this.latest = latest;
        this.compactedSeq = compactedSeq;
        this.intervalNanos = intervalNanos;
        this.maxPending = maxPending;
        this.clock = clock;
        this.lastAttemptNanos = clock.nanoTime() - intervalNanos;
    }

    @Override
    public int doWork() {
        final Snapshot s = latest.get();
        final long pending = s.seq() - compactedSeq;
        if (pending <= 0) {
            return 0;
        }
        final long now = clock.nanoTime();
        if (pending < maxPending && now - lastAttemptNanos < intervalNanos) {
            return 0;
        }
        lastAttemptNanos = now;
        compact(s);
        return 1;
    }

    /**
     * Compacts {@code s} now.
     *
     * @return whether the state file now includes {@code s}
     */
    boolean compact(final Snapshot s) {
        if (s.seq() <= compactedSeq) {
            return true;
        }
        try {
            store.save(s.state(), s.seq());
        } catch (final IOException | RuntimeException e) {
            errors++;
            if (!failing) {
                failing = true;
                LOG.error("state file {}: cannot compact the change journal into it: {}; the changes stay in the journal"
                    + " (safe from a daemon crash, not from a power loss) and it is retried", store.file(), e.toString());
            }
            return false;
        }
        compactedSeq = s.seq();
        compactions++;
        if (failing) {
            failing = false;
            LOG.info("state file {}: compacted again, up to change {}", store.file(), s.seq());
        }
        try {
            journal.release(s.seq());
        } catch (final IOException | RuntimeException e) {
            errors++;
            LOG.warn("change journal {}: cannot delete an old file: {}", journal.dir(), e.toString());
        }
        return true;
    }

    /** The last journal record the state file includes. */
    long compactedSeq() {
        return compactedSeq;
    }

    /** Successful compactions. */
    long compactions() {
        return compactions;
    }

    /** Failed compactions and failed deletions of old journal files. */
    long errors() {
        return errors;
    }

    @Override
    public String roleName() {
        return "vnet-state-compactor";
    }
}
