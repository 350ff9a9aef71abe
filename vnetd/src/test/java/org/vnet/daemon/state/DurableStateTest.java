package org.vnet.daemon.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.journal.JournalConfig;
import org.vnet.journal.JournalRoll;
import org.vnet.journal.Queues;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.Transport;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableStateTest {
    /** Compaction only when asked (close) or after a minute: the journal is what a test looks at. */
    private static final DurableState.Settings NO_BACKGROUND = new DurableState.Settings(60_000, Long.MAX_VALUE);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("var/h1.state.json");
    }

    private static void await(final BooleanSupplier condition, final String what) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.onSpinWait();
        }
    }

    private static void assertState(final NetworkState want, final NetworkState got) {
        assertTrue(ChangeStream.same(want, got), "want " + ChangeStream.describe(want) + ", got " + ChangeStream.describe(got));
    }

    /**
     * The state after journal record {@code seq} when a daemon starts with nothing persisted from
     * {@link ChangeStream#START} (record 1) and makes the changes of the stream (record k + 1 is change k).
     */
    private static NetworkState afterRecord(final long seq) {
        return seq == 0 ? NetworkState.EMPTY : ChangeStream.at(seq - 1);
    }

    /** Writes records {@code from..to} to the journal of {@link #file()}, as a killed daemon leaves it. */
    private void journal(final long from, final long to) throws IOException {
        try (ChangeJournal j = ChangeJournal.open(DurableState.journalDir(file()), null)) {
            for (long seq = from; seq <= to; seq++) {
                j.append(seq, StateDelta.between(afterRecord(seq - 1), afterRecord(seq)));
            }
        }
    }

    /** Appends raw bytes as one document to the journal of {@link #file()}. */
    private void journalRaw(final byte[] bytes) {
        try (SingleChronicleQueue q = Queues.writable(DurableState.journalDir(file()), JournalRoll.HOURLY, null);
             ExcerptAppender a = q.createAppender();
             DocumentContext dc = a.writingDocument()) {
            dc.wire().bytes().write(bytes);
        }
    }

    private static byte[] record(final long seq) {
        final ExpandableArrayBuffer b = new ExpandableArrayBuffer(64);
        final int length = new DeltaCodec().encode(b, seq, StateDelta.between(afterRecord(seq - 1), afterRecord(seq)));
        final byte[] bytes = new byte[length];
        b.getBytes(0, bytes);
        return bytes;
    }

    @Test
    void shouldStartFromTheConfiguredStateWhenNothingIsPersisted() throws Exception {
        try (DurableState d = DurableState.open(file(), NO_BACKGROUND)) {
            assertTrue(d.loaded().isEmpty());
            assertState(ChangeStream.START, d.loadedOrElse(ChangeStream.START));
            assertFalse(Files.exists(file()));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d.journalDir())));
            assertEquals(Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("default-mode"))),
                Files.getPosixFilePermissions(d.journalDir().getParent()), "the state file's directory has the default mode");
            assertEquals(dir.resolve("var/h1.state.changes"), d.journalDir());
        }
    }

    @Test
    void shouldRestoreEveryChangeAfterACleanClose() throws Exception {
        final NetworkState end = ChangeStream.at(200);
        try (DurableState d = DurableState.open(file(), NO_BACKGROUND)) {
            for (long k = 0; k <= 200; k++) {
                d.save(ChangeStream.at(k));
            }
            assertEquals(201, d.seq());
        }
        assertTrue(ChangeJournal.cycleFiles(DurableState.journalDir(file())).isEmpty(), "the journal is deleted after the last compaction");
        final StateStore.Saved saved = new StateStore(file()).loadSaved().orElseThrow();
        assertEquals(201, saved.journalSeq());
        assertState(end, saved.state());
        try (DurableState d = DurableState.open(file(), NO_BACKGROUND)) {
            assertState(end, d.loaded().orElseThrow());
            assertEquals(201, d.seq());
            d.save(ChangeStream.at(201));
            assertEquals(202, d.seq());
        }
    }

    @Test
    void shouldJournalNothingWhenTheStateDidNotChange() throws Exception {
        try (DurableState d = DurableState.open(file(), NO_BACKGROUND)) {
            d.save(ChangeStream.START);
            d.save(ChangeStream.START);
            assertEquals(1, d.seq());
        }
    }

    @Test
    void shouldReplayTheJournalRecordsTheStateFileLacksAtOpen() throws Exception {
        new StateStore(file()).save(afterRecord(30), 30);
        journal(25, 60);
        try (DurableState d = DurableState.open(file(), NO_BACKGROUND)) {
            assertState(afterRecord(60), d.loaded().orElseThrow());
            assertEquals(60, d.seq());
            assertEquals(0, d.ignoredAtOpen());
            // the recovered state is in the file at once, and the old journal is gone
            assertEquals(60, new StateStore(file()).loadSaved().orElseThrow().journalSeq());
            assertEquals(60, d.compactedSeq());
        }
    }

    @Test
    void shouldReplayAJournalWithoutAStateFile() throws Exception {
        journal(1, 9);
        try (DurableState d = DurableState.open(file(), NO_BACKGROUND)) {
            assertState(afterRecord(9), d.loadedOrElse(NetworkState.EMPTY));
        }
    }

    @Test
    void shouldIgnoreAndCountRecordsFromTheFirstUnusableOne() throws Exception {
        new StateStore(file()).save(afterRecord(5), 5);
        journal(6, 10);
        final byte[] bad = record(11);
        bad[bad.length / 2] ^= 1;
        journalRaw(bad);
        journalRaw(record(12));
        try (DurableState d = DurableState.open(file(), NO_BACKGROUND)) {
            assertState(afterRecord(10), d.loaded().orElseThrow());
            assertEquals(2, d.ignoredAtOpen());
            assertEquals(10, d.seq());
            d.save(afterRecord(11));
        }
        try (DurableState d = DurableState.open(file(), NO_BACKGROUND)) {
            assertState(afterRecord(11), d.loaded().orElseThrow());
            assertEquals(0, d.ignoredAtOpen());
        }
    }

    @Test
    void shouldIgnoreRecordsAfterAGapInTheSequence() throws Exception {
        journal(1, 4);
        journalRaw(record(6));
        try (DurableState d = DurableState.open(file(), NO_BACKGROUND)) {
            assertState(afterRecord(4), d.loaded().orElseThrow());
            assertEquals(1, d.ignoredAtOpen());
        }
    }

    @Test
    void shouldIgnoreARecordWhoseBytesChangedOnDisk() throws Exception {
        journal(1, 20);
        // record 20 (change 19) adds a rule with MAC 02:00:00:00:00:13 (a long, little-endian); no other record has it
        final Path cycle = ChangeJournal.cycleFiles(DurableState.journalDir(file())).get(0);
        final byte[] bytes = Files.readAllBytes(cycle);
        final byte[] mac = {0x13, 0, 0, 0, 0, 2, 0, 0};
        int at = -1;
        for (int i = bytes.length - mac.length; i >= 0 && at < 0; i--) {
            boolean match = true;
            for (int j = 0; j < mac.length && match; j++) {
                match = bytes[i + j] == mac[j];
            }
            at = match ? i : -1;
        }
        assertTrue(at > 0, "record 20 found in " + cycle);
        bytes[at] = 0x15;
        Files.write(cycle, bytes);
        try (DurableState d = DurableState.open(file(), NO_BACKGROUND)) {
            assertState(afterRecord(19), d.loaded().orElseThrow());
            assertEquals(1, d.ignoredAtOpen());
        }
    }

    @Test
    void shouldCompactInTheBackgroundWithinTheInterval() throws Exception {
        try (DurableState d = DurableState.open(file(), new DurableState.Settings(5, 1_000))) {
            for (long k = 0; k <= 50; k++) {
                d.save(ChangeStream.at(k));
            }
            await(() -> d.compactedSeq() == 51, "compacted up to 51");
            assertTrue(d.compactions() >= 1);
            final StateStore.Saved saved = new StateStore(file()).loadSaved().orElseThrow();
            assertEquals(51, saved.journalSeq());
            assertState(ChangeStream.at(50), saved.state());
            assertEquals(0, d.compactionErrors());
        }
    }

    @Test
    void shouldDeleteOldJournalFilesOnceTheStateFileIncludesThem() throws Exception {
        final SetTimeProvider time = new SetTimeProvider(Instant.now());
        try (DurableState d = DurableState.open(file(), new DurableState.Settings(60_000, Long.MAX_VALUE),
            new SystemNanoClock(), time)) {
            d.save(ChangeStream.at(0));
            // the first change is compacted at once; the next ones wait for the interval (a minute)
            await(() -> d.compactedSeq() == 1, "compacted up to 1");
            d.save(ChangeStream.at(1));
            time.advanceMillis(TimeUnit.HOURS.toMillis(2));
            d.save(ChangeStream.at(2));
            assertEquals(2, ChangeJournal.cycleFiles(d.journalDir()).size());
            d.save(ChangeStream.at(3));
        }
        assertTrue(ChangeJournal.cycleFiles(DurableState.journalDir(file())).isEmpty());
        try (DurableState d = DurableState.open(file(), new DurableState.Settings(1, 1), new SystemNanoClock(), time)) {
            d.save(ChangeStream.at(4));
            await(() -> d.compactedSeq() == 5, "compacted up to 5");
            time.advanceMillis(TimeUnit.HOURS.toMillis(1));
            d.save(ChangeStream.at(5));
            await(() -> d.compactedSeq() == 6 && ChangeJournal.cycleFiles(d.journalDir()).size() == 1,
                "the first file deleted after compaction up to 6");
        }
    }

    @Test
    void shouldRefuseSavesAfterClose() throws Exception {
        final DurableState d = DurableState.open(file(), NO_BACKGROUND);
        d.close();
        assertThrows(IOException.class, () -> d.save(ChangeStream.at(1)));
    }

    @Test
    void shouldRefuseToStartOnACorruptStateFileLeavingTheJournal() throws Exception {
        journal(1, 3);
        Files.writeString(file(), "{\"format\":2,\"journalSeq\":-1}", StandardCharsets.UTF_8);
        final StateException e = assertThrows(StateException.class, () -> DurableState.open(file(), NO_BACKGROUND));
        assertTrue(e.getMessage().contains("'journalSeq' must be a non-negative integer"), e.getMessage());
        assertEquals(1, ChangeJournal.cycleFiles(DurableState.journalDir(file())).size());
    }

    @Test
    void shouldRefuseToStartOnADirectoryOfAnotherQueueWithoutDeletingIt() throws Exception {
        journalRaw(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        final StateException e = assertThrows(StateException.class, () -> DurableState.open(file(), NO_BACKGROUND));
        assertTrue(e.getMessage().contains("holds something else than state changes"), e.getMessage());
        assertEquals(1, ChangeJournal.cycleFiles(DurableState.journalDir(file())).size());
    }

    @Test
    void shouldReportTheStateFoundAtOpenAfterLaterChanges() throws Exception {
        journal(1, 3);
        try (DurableState d = DurableState.open(file(), NO_BACKGROUND)) {
            d.save(afterRecord(4));
            assertState(afterRecord(3), d.loaded().orElseThrow());
        }
    }

    @Test
    void shouldKeepTheStateFileReadableByTheStateStore() throws Exception {
        final NetworkState s = NetworkState.EMPTY.withInterface(new InterfaceSpec("eth0", "vm1", 1400))
            .withLink(new LinkSpec("h2", Transport.UDP, LinkSpec.parseAddress("10.200.0.2:7700"), false));
        try (DurableState d = DurableState.open(file(), NO_BACKGROUND)) {
            d.save(s);
        }
        assertState(s, new StateStore(file()).load().orElseThrow());
        try (Stream<Path> files = Files.list(file().getParent())) {
            assertArrayEquals(new String[] {"h1.state.changes", "h1.state.json"},
                files.map(p -> p.getFileName().toString()).sorted().toArray());
        }
    }
}
