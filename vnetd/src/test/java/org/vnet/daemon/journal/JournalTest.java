package org.vnet.daemon.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.telemetry.CountersFile;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.inference.event.EventRecord;
import org.vnet.journal.JournalRoll;
import org.vnet.journal.JournalSource;
import org.vnet.journal.Queues;
import org.vnet.testing.Privileged;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalTest {
    @TempDir
    Path tmp;

    private final CountersManager counters = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
    private final AtomicCounter errors = counters.newCounter("journalErrors");
    private final AtomicCounter drops = counters.newCounter("journalDrops");

    /** An agent driven by the test's calls to doWork(), on the clock {@code time}. */
    private JournalAgent agent(final JournalConfig config, final SetTimeProvider time) {
        final JournalAgent agent = new JournalAgent(config, () -> JournalWriter.open(config, time), errors, drops);
        agent.onStart();
        return agent;
    }

    private static void drain(final JournalAgent agent) {
        while (agent.doWork() > 0) {
            // until the ring is empty
        }
    }

    /** Every record of the journal in {@code dir}, as the numbers {@link Records} encoded (TCP seq / IP id). */
    static List<Long> readAll(final Path dir) {
        final List<Long> ids = new ArrayList<>();
        try (JournalSource source = JournalSource.open(dir, false)) {
            while (!source.isExhausted()) {
                source.poll(r -> ids.add(r.ipId() & 0xFFFFL), 1000);
            }
        }
        return ids;
    }

    @Test
    void shouldReadBackAppendedRecordsInOrderAndByteForByte() {
        final JournalConfig config = new JournalConfig(tmp.resolve("h1.journal"), JournalRoll.HOURLY, 24);
        final JournalAgent agent = agent(config, new SetTimeProvider(System.currentTimeMillis()));
        final UnsafeBuffer b = Records.buffer();
        final int n = 20_000;
        for (int i = 0; i < n; i++) {
            assertTrue(agent.offer(Records.record(i, b), 0));
            if (i % 1000 == 999) {
                drain(agent);
            }
        }
        drain(agent);
        assertEquals(n, agent.appended());
        agent.onClose();

        final UnsafeBuffer expected = Records.buffer();
        final int[] next = {0};
        try (JournalSource source = JournalSource.open(config.dir(), false)) {
            while (!source.isExhausted()) {
                source.poll(r -> {
                    Records.record(next[0]++, expected);
                    for (int i = 0; i < EventRecord.LENGTH; i++) {
                        assertEquals(expected.getByte(i), r.buffer().getByte(r.offset() + i), "record " + (next[0] - 1));
                    }
                }, 4096);
            }
            assertEquals(n, source.recordsRead());
            assertEquals(0, source.skipped());
        }
        assertEquals(n, next[0]);
        assertEquals(0, errors.get());
        assertEquals(0, drops.get());
    }

    @Test
    void shouldKeepTheJournalInADirectoryOnlyItsOwnerCanEnter() throws Exception {
        final java.nio.file.attribute.FileAttribute<?> open = java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        final Path existing = Files.createDirectory(tmp.resolve("existing"), open);
        for (final Path dir : List.of(tmp.resolve("new/h1.journal"), existing)) {
            final JournalConfig config = new JournalConfig(dir, JournalRoll.HOURLY, 24);
            final JournalAgent agent = agent(config, new SetTimeProvider(System.currentTimeMillis()));
            assertTrue(agent.offer(Records.record(1, Records.buffer()), 0));
            drain(agent);
            agent.onClose();
            assertEquals(1, agent.appended());
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir)), dir.toString());
        }
    }

    @Test
    void shouldKeepOnlyTheConfiguredNumberOfCycleFiles() {
        final SetTimeProvider clock = new SetTimeProvider(1_800_000_000_000L);
        final JournalConfig config = new JournalConfig(tmp.resolve("j"), JournalRoll.MINUTELY, 3);
        final JournalAgent agent = agent(config, clock);
        final UnsafeBuffer b = Records.buffer();
        for (int minute = 0; minute < 7; minute++) {
            for (int i = 0; i < 10; i++) {
                agent.offer(Records.record(minute * 10L + i, b), 0);
            }
            drain(agent);
            clock.advanceMillis(60_000);
        }
        agent.onClose();
        assertEquals(3, Queues.cycleFiles(config.dir()).size(), Queues.cycleFiles(config.dir()).toString());
        final List<Long> ids = readAll(config.dir());
        final List<Long> want = new ArrayList<>();
        for (long i = 40; i < 70; i++) {
            want.add(i);
        }
        assertEquals(want, ids);
    }

    @Test
    void shouldDropAndCountWhenTheRingIsFull() {
        final JournalConfig config = new JournalConfig(tmp.resolve("j"), JournalRoll.HOURLY, 2, 4096);
        final JournalAgent agent = agent(config, new SetTimeProvider(System.currentTimeMillis()));
        final UnsafeBuffer b = Records.buffer();
        int taken = 0;
        for (int i = 0; i < 100; i++) {
            taken += agent.offer(Records.record(i, b), 0) ? 1 : 0;
        }
        // 4096 bytes hold 39 records of 96 bytes + 8 bytes of ring header, 104 bytes each
        assertEquals(4096 / 104, taken);
        assertEquals(100 - taken, drops.get());
        drain(agent);
        assertEquals(taken, agent.appended());
        agent.onClose();
        assertEquals(taken, readAll(config.dir()).size());
    }

    @Test
    void shouldStopWithOneErrorWhenTheDirectoryCannotBeCreated() throws Exception {
        final Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        final JournalConfig config = new JournalConfig(file.resolve("h1.journal"), JournalRoll.HOURLY, 24);
        final JournalAgent agent = agent(config, new SetTimeProvider(System.currentTimeMillis()));
        assertTrue(agent.stopped());
        assertEquals(1, errors.get());
        final UnsafeBuffer b = Records.buffer();
        for (int i = 0; i < 10; i++) {
            assertFalse(agent.offer(Records.record(i, b), 0));
            agent.doWork();
        }
        assertEquals(1, errors.get());
        assertEquals(10, drops.get());
        agent.onClose();
    }

    @Test
    void shouldJournalWhatWasOfferedWhenClosedBeforeItsThreadRan() throws Exception {
        // Agrona's AgentRunner calls only onClose(), on the closing thread, if the agent's own
        // thread had not started yet: the records offered until then must still be written
        final JournalConfig config = new JournalConfig(tmp.resolve("early"), JournalRoll.HOURLY, 24);
        final SetTimeProvider time = new SetTimeProvider(System.currentTimeMillis());
        final JournalAgent agent = new JournalAgent(config, () -> JournalWriter.open(config, time), errors, drops);
        final UnsafeBuffer b = Records.buffer();
        for (int i = 0; i < 10; i++) {
            assertTrue(agent.offer(Records.record(i, b), 0));
        }
        agent.onClose();
        assertEquals(10, agent.appended());
        assertEquals(0, drops.get());
        assertEquals(10, readAll(config.dir()).size());
    }

    @Test
    void shouldStartAndStopOnItsOwnThreadCountingInTelemetry() throws Exception {
        final JournalConfig config = new JournalConfig(tmp.resolve("live"), JournalRoll.HOURLY, 24);
        try (Telemetry telemetry = new Telemetry(CountersFile.create(tmp.resolve("c.counters")))) {
            final Journal journal = Journal.start(config, telemetry);
            final UnsafeBuffer b = Records.buffer();
            for (int i = 0; i < 5000; i++) {
                while (!journal.offer(Records.record(i, b), 0)) {
                    Thread.onSpinWait();
                }
            }
            journal.close();
            assertEquals(5000, journal.agent().appended());
            assertEquals(0, telemetry.counter(SystemCounter.JOURNAL_ERRORS).get());
            final List<Long> ids = readAll(config.dir());
            assertEquals(5000, ids.size());
            assertEquals(4999L, ids.get(4999));
        }
    }

    @Test
    @Privileged
    void shouldStopWithOneErrorWhenTheDiskFillsAndAcceptNothingAfter() throws Exception {
        final Path mount = TmpfsMount.mount(tmp.resolve("small"), "size=2m");
        try {
            final JournalConfig config = new JournalConfig(mount.resolve("h1.journal"), JournalRoll.HOURLY, 24);
            final JournalAgent agent = agent(config, new SetTimeProvider(System.currentTimeMillis()));
            assertFalse(agent.stopped(), String.valueOf(agent.failure()));
            final UnsafeBuffer b = Records.buffer();
            long offered = 0;
            while (!agent.stopped() && offered < 1_000_000) {
                for (int i = 0; i < 1000; i++) {
                    agent.offer(Records.record(offered++, b), 0);
                }
                drain(agent);
            }
            assertTrue(agent.stopped(), "2 MiB should fill before a million records");
            assertEquals(1, errors.get());
            assertInstanceOf(InternalError.class, agent.failure(), String.valueOf(agent.failure()));
            final long appended = agent.appended();
            assertTrue(appended > 1000, "appended " + appended);
            for (int i = 0; i < 100; i++) {
                assertFalse(agent.offer(Records.record(offered++, b), 0));
                agent.doWork();
            }
            assertEquals(1, errors.get());
            assertEquals(offered - appended, drops.get());
            agent.onClose();
            // what was appended before the disk filled is readable, in order, from the start
            final List<Long> ids = readAll(config.dir());
            assertTrue(ids.size() > 1000 && ids.size() <= appended, ids.size() + " of " + appended);
            for (int i = 0; i < ids.size(); i++) {
                assertEquals(i & 0xFFFF, ids.get(i));
            }
        } finally {
            TmpfsMount.unmount(mount);
        }
    }

    @Test
    @Privileged
    void shouldStopWithOneErrorOnAReadOnlyFileSystem() throws Exception {
        final Path mount = TmpfsMount.mount(tmp.resolve("ro"), "ro,size=1m");
        try {
            final JournalConfig config = new JournalConfig(mount.resolve("h1.journal"), JournalRoll.HOURLY, 24);
            final JournalAgent agent = agent(config, new SetTimeProvider(System.currentTimeMillis()));
            assertTrue(agent.stopped());
            assertEquals(1, errors.get());
            assertFalse(agent.offer(Records.record(1, Records.buffer()), 0));
            assertEquals(0, agent.doWork());
            assertEquals(1, drops.get());
        } finally {
            TmpfsMount.unmount(mount);
        }
    }
}
