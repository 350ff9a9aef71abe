package org.vnet.daemon.journal;

import org.vnet.inference.packet.IpProtocol;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.agrona.concurrent.MessageHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.telemetry.CountersFile;
import org.vnet.daemon.telemetry.EventRing;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.inference.event.EventRecord;

/**
 * The daemon's path, wired as the integrator wires it: frames recorded into the {@link EventRing}
 * (data plane), drained by a consumer that hands each record to {@link Journal#offer} after using
 * it (the inference agent), journaled on the journal's thread, read back by {@link JournalSource}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventRingToJournalTest {
    @TempDir
    Path tmp;

    @Test
    void shouldJournalEveryRecordTheInferenceSideConsumes() throws Exception {
        final JournalConfig config = new JournalConfig(tmp.resolve("h1.journal"), JournalConfig.Roll.MINUTELY, 5);
        final List<Integer> consumed = new ArrayList<>();
        try (Telemetry telemetry = new Telemetry(CountersFile.create(tmp.resolve("h1.counters")))) {
            final EventRing ring = new EventRing(1 << 20, telemetry);
            final Journal journal = Journal.start(config, telemetry);
            final EventRecord record = new EventRecord();
            final MessageHandler inferenceSide = (type, buffer, index, length) -> {
                if (type == EventRing.EVENT_MSG_TYPE && length == EventRecord.LENGTH) {
                    consumed.add(record.wrap(buffer, index).ipId());
                    journal.offer(buffer, index);
                }
            };
            final ByteBuf frame = Unpooled.directBuffer(2048);
            for (int i = 0; i < 3000; i++) {
                // a minimal Ethernet/IPv4/UDP frame with IP id i, as a TAP read would hand it
                frame.clear();
                frame.writeBytes(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0});
                frame.writeBytes(new byte[] {0x45, 0, 0, 28}).writeShort(i).writeBytes(new byte[] {0, 0, 64, 17, 0, 0,
                    10, 9, 0, 1, 10, 9, 0, 2, 0x13, (byte) 0x88, 0x17, 0x70, 0, 8, 0, 0});
                ring.record(7, EventRecord.DIRECTION_TX, frame, 0, frame.readableBytes());
                if (i % 500 == 499) {
                    ring.drain(inferenceSide, 4096);
                }
            }
            ring.drain(inferenceSide, 4096);
            journal.close();
            frame.release();
            assertEquals(3000, consumed.size());
            assertEquals(3000, journal.agent().appended());
            assertEquals(0, telemetry.counter(SystemCounter.JOURNAL_DROPS).get());
            assertEquals(0, telemetry.counter(SystemCounter.JOURNAL_ERRORS).get());
            final List<Integer> journaled = new ArrayList<>();
            try (JournalSource source = JournalSource.open(config.dir(), false)) {
                while (!source.isExhausted()) {
                    source.poll(r -> {
                        assertEquals(7, r.port());
                        assertEquals(IpProtocol.UDP, r.ipProtocol());
                        journaled.add(r.ipId());
                    }, 1000);
                }
            }
            assertEquals(consumed, journaled);
        }
    }
}
