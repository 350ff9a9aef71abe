package org.vnet.daemon.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32C;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.vnet.testing.FuzzChecks;

/**
 * The change journal's record decoder and the state file reader on any bytes: a delta or an
 * {@link IllegalArgumentException} (a record), a state or a {@link StateException} (a file), each with a reason,
 * never another exception, in bounded memory; what they accept encodes and reads back the same. The record's
 * magic, length and CRC are set by the test, so the fuzzer explores the body rather than the checksum. Seeds:
 * {@code StateFuzzTestInputs/}.
 */
class StateFuzzTest {
    private static Path dir;
    private final DeltaCodec codec = new DeltaCodec();
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);

    private static Path dir() {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("state-fuzz");
            }
            return dir;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeDir() throws IOException {
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            dir = null;
        }
    }

    @FuzzTest(maxDuration = "5m")
    void shouldDecodeOrRefuseAnyDelta(final byte[] input) {
        final int length = Math.max(input.length, DeltaCodec.BODY_OFFSET) + DeltaCodec.CRC_LENGTH;
        final UnsafeBuffer record = new UnsafeBuffer(new byte[length]);
        record.putBytes(0, input);
        record.putInt(DeltaCodec.MAGIC_OFFSET, DeltaCodec.MAGIC, ByteOrder.LITTLE_ENDIAN);
        record.putInt(DeltaCodec.LENGTH_OFFSET, length, ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc = new CRC32C();
        crc.update(record.byteArray(), 0, length - DeltaCodec.CRC_LENGTH);
        record.putInt(length - DeltaCodec.CRC_LENGTH, (int) crc.getValue(), ByteOrder.LITTLE_ENDIAN);

        final FuzzChecks.Meter meter = FuzzChecks.meter();
        final StateDelta delta;
        try {
            delta = codec.decode(record, length);
        } catch (final IllegalArgumentException e) {
            FuzzChecks.assertClearMessage(e);
            return;
        } finally {
            meter.assertAllocatedAtMost(length, 64, "decoding a journal record");
        }
        final long seq = codec.seq(record, length);
        final int again = codec.encode(out, seq, delta);
        assertEquals(seq, codec.seq(out, again));
        assertEquals(delta, codec.decode(out, again), "a decoded delta encodes to another");
    }

    @FuzzTest(maxDuration = "5m")
    void shouldReadOrRefuseAnyStateFile(final byte[] json) throws IOException {
        final Path file = dir().resolve("h1.state.json");
        Files.write(file, json);
        final FuzzChecks.Meter meter = FuzzChecks.meter();
        final Optional<StateStore.Saved> saved;
        try {
            saved = new StateStore(file).loadSaved();
        } catch (final StateException e) {
            FuzzChecks.assertClearMessage(e);
            return;
        } finally {
            meter.assertAllocatedAtMost(json.length, 1024, "reading a state file");
        }
        final StateStore copy = new StateStore(dir().resolve("copy.state.json"));
        copy.save(saved.orElseThrow().state(), saved.get().journalSeq());
        final byte[] written = Files.readAllBytes(copy.file());
        final StateStore.Saved reread;
        try {
            reread = copy.loadSaved().orElseThrow();
        } catch (final StateException e) {
            throw new AssertionError("a state it read and wrote back is refused: " + e.getMessage(), e);
        }
        assertEquals(saved.get().journalSeq(), reread.journalSeq());
        copy.save(reread.state(), reread.journalSeq());
        assertArrayEquals(written, Files.readAllBytes(copy.file()), "a state reads back differently");
    }
}
