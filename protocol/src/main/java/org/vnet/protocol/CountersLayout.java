package org.vnet.protocol;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * The layout of a daemon's memory-mapped counters file, which tools read without asking the
 * daemon (it works even when the daemon is stuck); vnetd writes it.
 *
 * <pre>
 *  0: magic "VNETCNT1" (8 bytes)   8: version (int)   12: metadata length (int)
 * 16: values length (int)          20: pid (long)     28: start time, epoch ms (long)
 * 64: counters metadata            64 + metadata length: counter values
 * </pre>
 *
 * Labels are "SCOPE NAME METRIC" with scope {@code system}, {@code if}, {@code link} or {@code rule}.
 */
public final class CountersLayout {
    /** File magic. */
    public static final long MAGIC = 0x31544E4354454E56L; // "VNETCNT1" little-endian
    /** Layout version. */
    public static final int VERSION = 1;
    /** Bytes before the metadata. */
    public static final int HEADER_LENGTH = 64;
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the version. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the metadata length. */
    public static final int METADATA_LENGTH_OFFSET = 12;
    /** Offset of the values length. */
    public static final int VALUES_LENGTH_OFFSET = 16;
    /** Offset of the writer's pid. */
    public static final int PID_OFFSET = 20;
    /** Offset of the writer's start time. */
    public static final int START_TIME_OFFSET = 28;

    private CountersLayout() {
    }

    /** Maps an existing counters file read-only for a reader in another process. */
    public static CountersReader openReader(final Path path) throws IOException {
        final MappedByteBuffer mapped;
        try (FileChannel ch = FileChannel.open(path)) {
            mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        if (mapped.capacity() < HEADER_LENGTH) {
            throw new IOException(path + ": not a vnet counters file");
        }
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        if (header.getLong(MAGIC_OFFSET) != MAGIC) {
            throw new IOException(path + ": not a vnet counters file");
        }
        if (header.getInt(VERSION_OFFSET) != VERSION) {
            throw new IOException(path + ": counters file version " + header.getInt(VERSION_OFFSET) + ", this tool reads " + VERSION);
        }
        final int metaLength = header.getInt(METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(VALUES_LENGTH_OFFSET);
        return new CountersReader(new UnsafeBuffer(mapped, HEADER_LENGTH, metaLength),
            new UnsafeBuffer(mapped, HEADER_LENGTH + metaLength, valuesLength));
    }
}
