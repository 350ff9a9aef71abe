package org.vnet.daemon.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.vnet.inference.event.EventRecord;
import org.vnet.journal.EventExcerpt;
import org.vnet.journal.Queues;

/**
 * Appends {@link EventRecord}s to a Chronicle Queue directory, one {@link EventExcerpt} per record
 * (no allocation per record), and deletes the oldest cycle files beyond
 * {@link JournalConfig#cycles()} whenever a new cycle starts. Single-threaded; errors are thrown to the caller ({@link JournalAgent} turns
 * them into a counter and stops).
 * <p>
 * An excerpt becomes visible to readers only when complete, and the queue files are memory-mapped,
 * so after {@code kill -9} every record appended before is readable (a power failure can lose what
 * the kernel had not written back yet: the journal does not fsync).
 */
public final class JournalWriter implements AutoCloseable {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final JournalConfig config;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private int lastCycle = Integer.MIN_VALUE;
    private long appended;
    private long deletedFiles;

    private JournalWriter(final JournalConfig config, final SingleChronicleQueue queue) {
        this.config = config;
        this.queue = queue;
        this.appender = queue.createAppender();
    }

    /**
     * Opens (creating if needed) the journal of {@code config}.
     *
     * @throws UncheckedIOException or another RuntimeException/Error from Chronicle when the
     *                                      directory cannot be created or written
     */
    public static JournalWriter open(final JournalConfig config) {
        return open(config, null);
    }

    /** As {@link #open(JournalConfig)} on the clock {@code time}, null for the system's (tests roll cycles without waiting). */
    static JournalWriter open(final JournalConfig config, final TimeProvider time) {
        try {
            ownerOnlyDirectory(config.dir());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create journal directory " + config.dir() + ": " + e, e);
        }
        final SingleChronicleQueue queue = Queues.writable(config.dir(), config.roll(), time);
        try {
            return new JournalWriter(config, queue);
        } catch (final RuntimeException | Error e) {
            queue.close();
            throw e;
        }
    }

    /**
     * Creates {@code dir} (and missing parents) with mode {@code 0700}, or narrows an existing one to
     * {@code 0700}: Chronicle makes its files with the umask's mode, so the directory is what keeps
     * the packet records from other users.
     */
    private static void ownerOnlyDirectory(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else if (!Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
    }

    /** Appends the record at {@code offset} in {@code buffer}. */
    public void append(final DirectBuffer buffer, final int offset) {
        try (DocumentContext dc = appender.writingDocument()) {
            EventExcerpt.write(buffer, offset, dc.wire().bytes());
        }
        appended++;
        final int cycle = appender.cycle();
        if (cycle != lastCycle) {
            lastCycle = cycle;
            retire();
        }
    }

    /** Deletes the oldest cycle files so that at most {@code cycles} remain; returns how many it deleted. */
    int retire() {
        final List<Path> files = Queues.cycleFiles(config.dir());
        int deleted = 0;
        for (int i = 0; i < files.size() - config.cycles(); i++) {
            try {
                if (Files.deleteIfExists(files.get(i))) {
                    deleted++;
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot delete old journal file " + files.get(i) + ": " + e, e);
            }
        }
        if (deleted > 0) {
            deletedFiles += deleted;
            queue.refreshDirectoryListing();
        }
        return deleted;
    }

    /** Records appended by this writer. */
    public long appended() {
        return appended;
    }

    /** Cycle files this writer deleted for retention. */
    public long deletedFiles() {
        return deletedFiles;
    }

    /** The journal's configuration. */
    public JournalConfig config() {
        return config;
    }

    @Override
    public void close() {
        try {
            appender.close();
        } finally {
            queue.close();
        }
    }
}
