package org.vnet.daemon.state;

import java.io.File;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.model.NetworkState;
import org.vnet.journal.JournalRoll;
import org.vnet.journal.Queues;

/**
 * The append-only change journal: a Chronicle Queue directory holding one {@link DeltaCodec}
 * record per accepted change, numbered 1, 2, 3... in the order of the changes.
 * <p>
 * The queue's files are memory-mapped, so a record is in the kernel's page cache once
 * {@link #append} returns: it survives {@code kill -9} of the daemon at any moment, without an
 * fsync. It does not survive a power loss or a kernel crash until the state file has been
 * compacted past it ({@link DurableState}). A Chronicle document is visible to readers only when
 * complete, so a process killed inside an append leaves an incomplete last document that
 * {@link #replay} does not see; a record whose bytes are wrong (its CRC, a sequence gap, a change
 * that does not fit the state) ends the replay there, and it and every later record are ignored
 * and counted, never fatal.
 * <p>
 * One file per hour (Chronicle FAST_HOURLY), the directory mode 0700. {@link #append} and
 * {@link #release} may be called from different threads; they are serialised.
 */
final class ChangeJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeJournal.class);
    /** Suffix of the queue's metadata file. */
    static final String METADATA_SUFFIX = ".cq4t";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final int LARGEST_RECORD = 64 << 20;

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final DeltaCodec codec = new DeltaCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
    private int cycle = Integer.MIN_VALUE;
    private String cycleFile;
    private long firstSeqOfCycle;
    private int releasedCycle = Integer.MIN_VALUE;

    /**
     * What {@link #replay} found.
     *
     * @param state   the base state with every usable record applied
     * @param seq     the sequence number of the last record applied (the base's when none)
     * @param applied how many records were applied
     * @param ignored how many records were ignored (unreadable, out of sequence, not fitting)
     * @param why     why the first ignored record was, or null
     */
    record Replay(NetworkState state, long seq, int applied, int ignored, String why) {
    }

    private ChangeJournal(final Path dir, final SingleChronicleQueue queue) {
        this.dir = dir;
        this.queue = queue;
        this.appender = queue.createAppender();
        // Changes come from whichever thread holds the conductor's lock; append is synchronized.
        appender.singleThreadedCheckDisabled(true);
    }

    /**
     * Opens (creating if needed, mode 0700) the journal in {@code dir} for appending.
     *
     * @param time the clock that decides the cycle files, null for the system's (tests roll files without waiting)
     * @throws IOException when the directory cannot be made
     */
    static ChangeJournal open(final Path dir, final TimeProvider time) throws IOException {
        createPrivateDirectory(dir);
        final SingleChronicleQueue queue = Queues.writable(dir, JournalRoll.HOURLY, time);
        try {
            return new ChangeJournal(dir, queue);
        } catch (final RuntimeException | Error e) {
            queue.close();
            throw e;
        }
    }

    /** Creates {@code dir} with mode 0700 (its missing parents with the default mode), or sets 0700 on it. */
    static void createPrivateDirectory(final Path dir) throws IOException {
        Files.createDirectories(dir.toAbsolutePath().getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (final FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
        Files.setPosixFilePermissions(dir, OWNER_ONLY);
    }

    /**
     * Appends record {@code seq} of {@code delta}; in the page cache when this returns.
     *
     * @throws RuntimeException or {@link Error} from Chronicle when the queue cannot be written (a
     *                          full disk faults the mapped memory with an {@link InternalError});
     *                          the record is then not in the journal
     */
    synchronized void append(final long seq, final StateDelta delta) {
        final int length = codec.encode(buffer, seq, delta);
        try (DocumentContext dc = appender.writingDocument()) {
            try {
                dc.wire().bytes().write(buffer.byteArray(), 0, length);
            } catch (final RuntimeException | Error e) {
                dc.rollbackOnClose();
                throw e;
            }
        }
        final int c = appender.cycle();
        if (c != cycle) {
            cycle = c;
            firstSeqOfCycle = seq;
            final File f = appender.currentFile();
            cycleFile = f == null ? null : f.getName();
        }
    }

    /**
     * Deletes the cycle files older than the current one once the state file includes every record
     * in them, that is once {@code compactedSeq} reaches the record before the current file's first.
     *
     * @return how many files were deleted
     * @throws IOException when a file cannot be deleted
     */
    synchronized int release(final long compactedSeq) throws IOException {
        if (cycle == releasedCycle || cycleFile == null || compactedSeq < firstSeqOfCycle - 1) {
            return 0;
        }
        int deleted = 0;
        for (final Path p : cycleFiles(dir)) {
            if (p.getFileName().toString().compareTo(cycleFile) < 0 && Files.deleteIfExists(p)) {
                deleted++;
            }
        }
        releasedCycle = cycle;
        if (deleted > 0) {
            queue.refreshDirectoryListing();
        }
        return deleted;
    }

    /** The journal's directory. */
    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            appender.close();
        } finally {
            queue.close();
        }
    }

    /**
     * Applies to {@code base}, which includes the records up to {@code baseSeq}, the records of the
     * journal in {@code dir} that follow it: records up to {@code baseSeq} are skipped, the next ones
     * must be {@code baseSeq + 1}, {@code baseSeq + 2}... The first record that cannot be read, is
     * out of sequence or does not fit ends the replay; it and the rest are ignored, counted, logged.
     *
     * @throws StateException when the journal exists but Chronicle cannot open it
     */
    static Replay replay(final Path dir, final NetworkState base, final long baseSeq) throws StateException {
        if (!Files.isDirectory(dir) || cycleFiles(dir).isEmpty()) {
            return new Replay(base, baseSeq, 0, 0, null);
        }
        final SingleChronicleQueue queue;
        try {
            queue = Queues.readOnly(dir);
        } catch (final RuntimeException | Error e) {
            throw new StateException("change journal " + dir + " cannot be opened: " + e
                + "; vnetd will not start on it rather than lose the changes it holds: move it away to start"
                + " from the state file alone", e);
        }
        final DeltaCodec codec = new DeltaCodec();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
        NetworkState state = base;
        long seq = baseSeq;
        int applied = 0;
        int ignored = 0;
        String why = null;
        boolean first = true;
        try (queue; ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    if (why != null) {
                        ignored++;
                        continue;
                    }
                    try {
                        final int length = read(dc.wire().bytes(), buffer);
                        if (first && foreign(buffer, length)) {
                            throw new StateException("change journal " + dir + " holds something else than state changes"
                                + " (another queue's directory?); vnetd will not start on it rather than delete it");
                        }
                        first = false;
                        final long recordSeq = codec.seq(buffer, length);
                        if (recordSeq <= baseSeq) {
                            continue;
                        }
                        if (recordSeq != seq + 1) {
                            throw new IllegalArgumentException("record " + recordSeq + " where " + (seq + 1) + " was due");
                        }
                        state = codec.decode(buffer, length).applyTo(state);
                        seq = recordSeq;
                        applied++;
                    } catch (final IllegalArgumentException e) {
                        why = "record after " + seq + ": " + e.getMessage();
                        ignored++;
                    }
                }
            }
        } catch (final RuntimeException e) {
            // Chronicle itself could not go on (a damaged file): what was applied stands.
            why = why != null ? why : "after record " + seq + ": " + e;
            ignored++;
        }
        if (why != null) {
            LOG.warn("change journal {}: {} records ignored from the first unusable one ({}); {} applied up to {}",
                dir, ignored, why, applied, seq);
        }
        return new Replay(state, seq, applied, ignored, why);
    }

    /** A first record that starts neither with the magic nor with zeros (a page that never reached the disk). */
    private static boolean foreign(final ExpandableArrayBuffer buffer, final int length) {
        if (length < Integer.BYTES) {
            return false;
        }
        final int magic = buffer.getInt(DeltaCodec.MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN);
        return magic != 0 && magic != DeltaCodec.MAGIC;
    }

    private static int read(final Bytes<?> bytes, final ExpandableArrayBuffer buffer) {
        final long remaining = bytes.readRemaining();
        if (remaining > LARGEST_RECORD) {
            throw new IllegalArgumentException("record of " + remaining + " bytes");
        }
        final int length = (int) remaining;
        buffer.checkLimit(length);
        bytes.read(buffer.byteArray(), 0, length);
        return length;
    }

    /**
     * Deletes the journal's files in {@code dir} (the cycle files first, then the metadata), keeping
     * the directory. Call only when the state file includes every record and no queue is open on it.
     */
    static void wipe(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        for (final Path p : cycleFiles(dir)) {
            Files.deleteIfExists(p);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path p : files.filter(f -> f.getFileName().toString().endsWith(METADATA_SUFFIX)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The cycle files in {@code dir}, oldest first. */
    static List<Path> cycleFiles(final Path dir) {
        return Queues.cycleFiles(dir);
    }
}
