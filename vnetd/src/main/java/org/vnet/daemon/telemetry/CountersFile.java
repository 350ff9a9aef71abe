package org.vnet.daemon.telemetry;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.vnet.protocol.CountersLayout;

/**
 * A memory-mapped file holding Agrona counters, so that {@code vnetctl counters} can read them
 * without asking the daemon (it works even when the daemon is stuck). The layout, shared with
 * the tools, is {@link CountersLayout}.
 *
 * <pre>
 *  0: magic "VNETCNT1" (8 bytes)   8: version (int)   12: metadata length (int)
 * 16: values length (int)          20: pid (long)     28: start time, epoch ms (long)
 * 64: counters metadata            64 + metadata length: counter values
 * </pre>
 *
 * Labels are "SCOPE NAME METRIC" with scope {@code system}, {@code if}, {@code link} or {@code rule}.
 */
public final class CountersFile implements AutoCloseable {
    /** File magic. */
    public static final long MAGIC = CountersLayout.MAGIC;
    /** Layout version. */
    public static final int VERSION = CountersLayout.VERSION;
    /** Bytes before the metadata. */
    public static final int HEADER_LENGTH = CountersLayout.HEADER_LENGTH;
    /** Counters the file can hold. */
    public static final int MAX_COUNTERS = 4096;

    private final Path path;
    private final MappedByteBuffer mapped;
    private final CountersManager manager;

    private CountersFile(final Path path, final MappedByteBuffer mapped, final CountersManager manager) {
        this.path = path;
        this.mapped = mapped;
        this.manager = manager;
    }

    /** Creates (replacing atomically any old file) and maps a counters file, mode {@code 0600}. */
    public static CountersFile create(final Path path) throws IOException {
        final int metaLength = MAX_COUNTERS * CountersReader.METADATA_LENGTH;
        final int valuesLength = MAX_COUNTERS * CountersReader.COUNTER_LENGTH;
        final Path parent = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            // owner-only, like the control socket's directory that usually holds this file too
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        final Path tmp = parent.resolve(path.getFileName() + ".tmp");
        // owner-only: made so, not left to the umask (a stale tmp file may have any mode)
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        final MappedByteBuffer mapped;
        try (RandomAccessFile file = new RandomAccessFile(tmp.toFile(), "rw")) {
            file.setLength(HEADER_LENGTH + metaLength + valuesLength);
            mapped = file.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, file.length());
        }
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        header.putLong(CountersLayout.MAGIC_OFFSET, MAGIC);
        header.putInt(CountersLayout.VERSION_OFFSET, VERSION);
        header.putInt(CountersLayout.METADATA_LENGTH_OFFSET, metaLength);
        header.putInt(CountersLayout.VALUES_LENGTH_OFFSET, valuesLength);
        header.putLong(CountersLayout.PID_OFFSET, ProcessHandle.current().pid());
        header.putLong(CountersLayout.START_TIME_OFFSET, System.currentTimeMillis());
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        final CountersManager manager = new CountersManager(
            new UnsafeBuffer(mapped, HEADER_LENGTH, metaLength),
            new UnsafeBuffer(mapped, HEADER_LENGTH + metaLength, valuesLength));
        return new CountersFile(path, mapped, manager);
    }

    /** Maps an existing counters file read-only for a reader in another process ({@link CountersLayout#openReader}). */
    public static CountersReader openReader(final Path path) throws IOException {
        return CountersLayout.openReader(path);
    }

    /** The manager that allocates counters; use from one thread. */
    public CountersManager manager() {
        return manager;
    }

    /** Where the file is. */
    public Path path() {
        return path;
    }

    @Override
    public void close() {
        IoUtil.unmap(mapped);
        try {
            Files.deleteIfExists(path);
        } catch (final IOException ignored) {
            // best effort: a stale file is replaced at next start
        }
    }
}
