package org.vnet.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.inference.event.EventRecord;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalSourceTest {
    @TempDir
    Path tmp;

    private final UnsafeBuffer record = new UnsafeBuffer(ByteBuffer.allocateDirect(EventExcerpt.LENGTH));

    /** Record {@code n}: every long of it holds n * 16 + its index, so each byte tells where it came from. */
    private UnsafeBuffer record(final long n) {
        for (int i = 0; i < EventExcerpt.LENGTH; i += Long.BYTES) {
            record.putLong(i, n * 16 + i / Long.BYTES);
        }
        return record;
    }

    private void append(final ExcerptAppender appender, final long n) {
        try (DocumentContext dc = appender.writingDocument()) {
            EventExcerpt.write(record(n), 0, dc.wire().bytes());
        }
    }

    /** The number each delivered record was made from, checking all its longs. */
    private static long numberOf(final EventRecord r) {
        final long n = r.buffer().getLong(r.offset()) / 16;
        for (int i = 0; i < EventExcerpt.LENGTH; i += Long.BYTES) {
            assertEquals(n * 16 + i / Long.BYTES, r.buffer().getLong(r.offset() + i), "record " + n + " at byte " + i);
        }
        return n;
    }

    private static List<Long> readAll(final Path dir) {
        final List<Long> got = new ArrayList<>();
        try (JournalSource source = JournalSource.open(dir, false)) {
            while (!source.isExhausted()) {
                source.poll(r -> got.add(numberOf(r)), 100);
            }
            assertEquals(got.size(), source.recordsRead());
        }
        return got;
    }

    private static List<Long> upTo(final long n) {
        final List<Long> list = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }

    @Test
    void shouldReadBackWhatWasWrittenInOrderWithEveryRollCycle() {
        for (final JournalRoll roll : JournalRoll.values()) {
            final Path dir = tmp.resolve(roll.name());
            try (SingleChronicleQueue queue = Queues.writable(dir, roll, null);
                 ExcerptAppender appender = queue.createAppender()) {
                for (int i = 0; i < 1000; i++) {
                    append(appender, i);
                }
            }
            assertEquals(1, Queues.cycleFiles(dir).size(), roll + ": " + Queues.cycleFiles(dir));
            assertEquals(upTo(1000), readAll(dir), roll.name());
        }
    }

    @Test
    void shouldTailALiveJournalWhenFollowing() {
        final Path dir = tmp.resolve("live.journal");
        final List<Long> got = new ArrayList<>();
        try (SingleChronicleQueue queue = Queues.writable(dir, JournalRoll.HOURLY, null);
             ExcerptAppender appender = queue.createAppender()) {
            for (int i = 0; i < 100; i++) {
                append(appender, i);
            }
            try (JournalSource source = JournalSource.open(dir, true)) {
                assertEquals(100, source.poll(r -> got.add(numberOf(r)), 1000));
                assertEquals(0, source.poll(r -> got.add(-1L), 1000));
                assertFalse(source.isExhausted());
                for (int i = 100; i < 150; i++) {
                    append(appender, i);
                }
                assertEquals(50, source.poll(r -> got.add(numberOf(r)), 1000));
                assertFalse(source.isExhausted());
            }
        }
        assertEquals(upTo(150), got);
    }

    @Test
    void shouldSkipAndCountExcerptsThatAreNotEventRecords() {
        final Path dir = tmp.resolve("mixed.journal");
        try (SingleChronicleQueue queue = Queues.writable(dir, JournalRoll.HOURLY, null);
             ExcerptAppender appender = queue.createAppender()) {
            append(appender, 0);
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeLong(7).writeLong(8);
            }
            append(appender, 1);
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().write(new byte[EventExcerpt.LENGTH + 1]);
            }
            append(appender, 2);
        }
        final List<Long> got = new ArrayList<>();
        try (JournalSource source = JournalSource.open(dir, false)) {
            while (!source.isExhausted()) {
                source.poll(r -> got.add(numberOf(r)), 100);
            }
            assertEquals(2, source.skipped());
            assertEquals(3, source.recordsRead());
        }
        assertEquals(upTo(3), got);
    }

    @Test
    void shouldRefuseADirectoryThatHoldsNoJournal() throws Exception {
        final Path empty = Files.createDirectories(tmp.resolve("empty"));
        final Path missing = tmp.resolve("missing");
        assertFalse(JournalSource.isJournal(empty));
        assertFalse(JournalSource.isJournal(missing));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JournalSource.open(empty, false));
        assertTrue(e.getMessage().contains("no journal in " + empty), e.getMessage());
        assertTrue(e.getMessage().contains(Queues.CYCLE_SUFFIX), e.getMessage());
        final IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> JournalSource.open(missing, true));
        assertTrue(m.getMessage().contains("no such directory: " + missing), m.getMessage());
        assertFalse(Files.exists(missing), "opening must not create the directory");
    }

    @Test
    void shouldParseRollCyclesInAnyCaseAndNameTheAcceptedOnes() {
        assertEquals(JournalRoll.MINUTELY, JournalRoll.parse(" minutely "));
        assertEquals(JournalRoll.DAILY, JournalRoll.parse("Daily"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JournalRoll.parse("weekly"));
        assertTrue(e.getMessage().contains("MINUTELY, HOURLY or DAILY"), e.getMessage());
    }
}
