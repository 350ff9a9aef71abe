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

/**
 * A memory-mapped file holding Agrona counters, so that {@code vnetctl stats} can read them
 * without asking the daemon (it works even when the daemon is stuck).
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
    public static final long MAGIC = 0x31544E4354454E56L; // "VNETCNT1" little-endian
    /** Layout version. */
    public static final int VERSION = 1;
    /** Bytes before the metadata. */
    public static final int HEADER_LENGTH = 64;
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

    /** Creates (replacing atomically any old file) and maps a counters file. */
    public static CountersFile create(final Path path) throws IOException {
        final int metaLength = MAX_COUNTERS * CountersReader.METADATA_LENGTH;
        final int valuesLength = MAX_COUNTERS * CountersReader.COUNTER_LENGTH;
        final Path parent = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            // owner-only, like the control socket's directory that usually holds this file too
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        final Path tmp = parent.resolve(path.getFileName() + ".tmp");
        final MappedByteBuffer mapped;
        try (RandomAccessFile file = new RandomAccessFile(tmp.toFile(), "rw")) {
            file.setLength(HEADER_LENGTH + metaLength + valuesLength);
            mapped = file.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, file.length());
        }
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        header.putLong(0, MAGIC);
        header.putInt(8, VERSION);
        header.putInt(12, metaLength);
        header.putInt(16, valuesLength);
        header.putLong(20, ProcessHandle.current().pid());
        header.putLong(28, System.currentTimeMillis());
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        final CountersManager manager = new CountersManager(
            new UnsafeBuffer(mapped, HEADER_LENGTH, metaLength),
            new UnsafeBuffer(mapped, HEADER_LENGTH + metaLength, valuesLength));
        return new CountersFile(path, mapped, manager);
    }

    /** Maps an existing counters file read-only for a reader in another process. */
    public static CountersReader openReader(final Path path) throws IOException {
        final MappedByteBuffer mapped;
        try (FileChannel ch = FileChannel.open(path)) {
            mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        if (mapped.capacity() < HEADER_LENGTH || header.getLong(0) != MAGIC) {
            throw new IOException(path + ": not a vnet counters file");
        }
        if (header.getInt(8) != VERSION) {
            throw new IOException(path + ": counters file version " + header.getInt(8) + ", this tool reads " + VERSION);
        }
        final int metaLength = header.getInt(12);
        final int valuesLength = header.getInt(16);
        return new CountersReader(new UnsafeBuffer(mapped, HEADER_LENGTH, metaLength),
            new UnsafeBuffer(mapped, HEADER_LENGTH + metaLength, valuesLength));
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
