package org.vnet.daemon.state;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import net.openhft.chronicle.core.time.TimeProvider;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.model.NetworkState;

/**
 * The run-time state made durable fast: the state file ({@link StateStore}) plus an append-only
 * change journal ({@link ChangeJournal}) in the directory beside it ({@link #journalDir}).
 * <p>
 * {@link #save} diffs the new state against the last one and appends the difference as one small
 * record to the journal; when it returns the change is in the page cache and survives
 * {@code kill -9} of the daemon at any moment (no fsync on this path). A background agent
 * ({@link StateCompactor}, thread {@code vnet-state-compactor}) is the group commit: every
 * {@link Settings#compactIntervalMillis} (or sooner after {@link Settings#compactAfterChanges}
 * changes) it writes the whole state to the state file with fsync and deletes the journal files
 * that only hold records the file includes. A power loss or kernel crash can therefore lose the
 * changes accepted since the last completed compaction (the interval plus the time one compaction
 * takes, more while the disk is slow or the compactor starved of CPU); a daemon crash loses none.
 * <p>
 * {@link #open} loads the state file, replays the journal records that follow it (an unusable tail
 * is ignored and logged), writes the result to the state file and starts a fresh journal.
 * {@link #close} compacts a last time and deletes the journal. {@link #save} calls are serialised.
 */
public final class DurableState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DurableState.class);
    /**
     * Suffix of the journal directory's name, after the state file's name without ".json" (not
     * ".journal", which the packet-event journal's directory is usually called).
     */
    public static final String JOURNAL_DIR_SUFFIX = ".changes";

    /**
     * How often the journal is compacted into the state file.
     *
     * @param compactIntervalMillis the longest a change waits to reach the state file (and fsync), 1..60,000
     * @param compactAfterChanges   this many waiting changes are compacted without waiting for the interval, >= 1
     */
    public record Settings(long compactIntervalMillis, long compactAfterChanges) {
        /** Default {@code compactIntervalMillis}: about what a power loss can take back, plus one compaction. */
        public static final long COMPACT_INTERVAL_MILLIS_DEFAULT = 20;
        /** Default {@code compactAfterChanges}. */
        public static final long COMPACT_AFTER_CHANGES_DEFAULT = 1_000;
        /** The defaults. */
        public static final Settings DEFAULTS = new Settings(COMPACT_INTERVAL_MILLIS_DEFAULT, COMPACT_AFTER_CHANGES_DEFAULT);

        /** Checks the values. */
        public Settings {
            if (compactIntervalMillis < 1 || compactIntervalMillis > 60_000) {
                throw new IllegalArgumentException("compaction interval " + compactIntervalMillis + " ms is out of range 1..60000");
            }
            if (compactAfterChanges < 1) {
                throw new IllegalArgumentException("compaction after " + compactAfterChanges + " changes: want at least 1");
            }
        }
    }

    private final StateStore store;
    private final NetworkState loaded;
    private final ChangeJournal journal;
    private final StateCompactor compactor;
    private final AgentRunner runner;
    private final int replayedIgnored;
    private volatile StateCompactor.Snapshot latest;
    private boolean closed;

    private DurableState(final StateStore store, final boolean existed, final StateCompactor.Snapshot loaded,
                         final ChangeJournal journal, final Settings settings, final NanoClock clock,
                         final int replayedIgnored) {
        this.store = store;
        this.loaded = existed ? loaded.state() : null;
        this.journal = journal;
        this.latest = loaded;
        this.replayedIgnored = replayedIgnored;
        this.compactor = new StateCompactor(store, journal, () -> latest, loaded.seq(),
            TimeUnit.MILLISECONDS.toNanos(settings.compactIntervalMillis()), settings.compactAfterChanges(), clock);
        // Sleeps of at most 10 ms: a compaction is late by a quarter of the interval at most, and close() does not wait long.
        this.runner = new AgentRunner(new SleepingMillisIdleStrategy(Math.min(10, Math.max(1, settings.compactIntervalMillis() / 4))),
            e -> LOG.error("state compactor: {}", e.toString()), null, compactor);
    }

    /**
     * Opens the state of {@code stateFile} with its journal, and starts compacting.
     *
     * @throws StateException when the state file is corrupt or from a newer vnetd, or the journal cannot be opened
     * @throws IOException    when the recovered state cannot be written or the journal cannot be created
     */
    public static DurableState open(final Path stateFile, final Settings settings) throws StateException, IOException {
        return open(stateFile, settings, new SystemNanoClock(), null);
    }

    static DurableState open(final Path stateFile, final Settings settings, final NanoClock clock, final TimeProvider time)
        throws StateException, IOException {
        final StateStore store = new StateStore(stateFile);
        final Path journalDir = journalDir(store.file());
        final Optional<StateStore.Saved> saved = store.loadSaved();
        final NetworkState base = saved.map(StateStore.Saved::state).orElse(NetworkState.EMPTY);
        final long baseSeq = saved.map(StateStore.Saved::journalSeq).orElse(0L);
        final ChangeJournal.Replay replay = ChangeJournal.replay(journalDir, base, baseSeq);
        final boolean existed = saved.isPresent() || replay.applied() > 0;
        if (replay.applied() > 0 || replay.ignored() > 0) {
            LOG.info("state file {}: {} changes replayed from the journal, up to change {}", store.file(),
                replay.applied(), replay.seq());
        }
        if (existed) {
            // The file holds everything the journal did: the old records can go, and with them any torn tail.
            store.save(replay.state(), replay.seq());
        }
        ChangeJournal.wipe(journalDir);
        final ChangeJournal journal = ChangeJournal.open(journalDir, time);
        final DurableState d;
        try {
            d = new DurableState(store, existed, new StateCompactor.Snapshot(replay.state(), replay.seq()), journal,
                settings, clock, replay.ignored());
        } catch (final RuntimeException | Error e) {
            journal.close();
            throw e;
        }
        AgentRunner.startOnThread(d.runner);
        return d;
    }

    /** The journal directory of the state file {@code stateFile}: its name without ".json", then ".changes". */
    public static Path journalDir(final Path stateFile) {
        final String name = stateFile.getFileName().toString();
        final String stem = name.endsWith(".json") && name.length() > 5 ? name.substring(0, name.length() - 5) : name;
        return stateFile.resolveSibling(stem + JOURNAL_DIR_SUFFIX);
    }

    /** The state found at {@link #open}: the state file's and the journal's, if there was any. */
    public Optional<NetworkState> loaded() {
        return Optional.ofNullable(loaded);
    }

    /**
     * The state to start with: the persisted one when there is one (it holds the run-time changes),
     * else {@code configured} (the config file's interfaces, links and rules).
     */
    public NetworkState loadedOrElse(final NetworkState configured) {
        return loaded().orElse(configured);
    }

    /**
     * Journals the change from the last saved state to {@code after}; when this returns the change
     * survives a crash of the daemon. A state equal to the last one journals nothing.
     *
     * @throws IOException when the journal cannot be written (the change is then not journaled)
     */
    public synchronized void save(final NetworkState after) throws IOException {
        if (closed) {
            throw new IOException("state journal " + journal.dir() + " is closed");
        }
        final StateCompactor.Snapshot last = latest;
        final StateDelta delta = StateDelta.between(last.state(), after);
        if (delta.isEmptyFor(last.state())) {
            return;
        }
        final long seq = last.seq() + 1;
        try {
            journal.append(seq, delta);
        } catch (final RuntimeException | InternalError e) {
            throw new IOException("cannot append to the state journal " + journal.dir() + ": " + e, e);
        }
        latest = new StateCompactor.Snapshot(after, seq);
    }

    /** The journal sequence number of the last saved change. */
    public long seq() {
        return latest.seq();
    }

    /** The last journal record the state file includes. */
    public long compactedSeq() {
        return compactor.compactedSeq();
    }

    /** Compactions of the journal into the state file so far. */
    public long compactions() {
        return compactor.compactions();
    }

    /** Failed compactions (and deletions of old journal files) so far. */
    public long compactionErrors() {
        return compactor.errors();
    }

    /** Journal records ignored at {@link #open} (a torn or unusable tail). */
    public int ignoredAtOpen() {
        return replayedIgnored;
    }

    /** The state file. */
    public Path file() {
        return store.file();
    }

    /** The journal directory. */
    public Path journalDir() {
        return journal.dir();
    }

    /**
     * Stops compacting, compacts what is pending, closes the journal and, when the state file then
     * includes everything, deletes the journal's files. Later {@link #save}s fail.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        runner.close();
        final boolean compacted = compactor.compact(latest);
        journal.close();
        if (compacted) {
            try {
                ChangeJournal.wipe(journal.dir());
            } catch (final IOException e) {
                LOG.warn("change journal {}: cannot delete it after the last compaction: {}", journal.dir(), e.toString());
            }
        } else {
            LOG.error("state file {}: the last compaction failed; the journal {} keeps the changes after {} for the next start",
                store.file(), journal.dir(), compactor.compactedSeq());
        }
    }
}
