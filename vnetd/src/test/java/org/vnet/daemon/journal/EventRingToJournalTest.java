package org.vnet.daemon.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.telemetry.CountersFile;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.ByteBufView;
import org.vnet.inference.event.EventHandler;
import org.vnet.inference.event.EventRecord;
import org.vnet.inference.event.EventRing;
import org.vnet.inference.packet.IpProtocol;
import org.vnet.journal.JournalRoll;
import org.vnet.journal.JournalSource;

/**
 * The daemon's path, wired as the integrator wires it: frames offered to the {@link EventRing} by
 * a producer over the frame's memory (the switch, on the data plane), drained by a consumer that hands each record to {@link Journal#offer} after using
 * it (the inference agent), journaled on the journal's thread, read back by {@link JournalSource}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventRingToJournalTest {
    @TempDir
    Path tmp;

    @Test
    void shouldJournalEveryRecordTheInferenceSideConsumes() throws Exception {
        final JournalConfig config = new JournalConfig(tmp.resolve("h1.journal"), JournalRoll.MINUTELY, 5);
        final List<Integer> consumed = new ArrayList<>();
        try (Telemetry telemetry = new Telemetry(CountersFile.create(tmp.resolve("h1.counters")))) {
            final EventRing ring = new EventRing(1 << 20, telemetry.counter(SystemCounter.EVENTS_RECORDED),
                telemetry.counter(SystemCounter.EVENTS_DROPPED));
            final EventRing.Producer producer = ring.newProducer();
            final ByteBufView view = new ByteBufView();
            final Journal journal = Journal.start(config, telemetry);
            final EventHandler inferenceSide = r -> {
                consumed.add(r.ipId());
                journal.offer(r.buffer(), r.offset());
            };
            final ByteBuf frame = Unpooled.directBuffer(2048);
            for (int i = 0; i < 3000; i++) {
                // a minimal Ethernet/IPv4/UDP frame with IP id i, as a TAP read would hand it
                frame.clear();
                frame.writeBytes(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0});
                frame.writeBytes(new byte[] {0x45, 0, 0, 28}).writeShort(i).writeBytes(new byte[] {0, 0, 64, 17, 0, 0,
                    10, 9, 0, 1, 10, 9, 0, 2, 0x13, (byte) 0x88, 0x17, 0x70, 0, 8, 0, 0});
                view.wrap(frame, 0, frame.readableBytes());
                producer.offer(7, EventRecord.DIRECTION_TX, view.buffer(), 0, frame.readableBytes(),
                    frame.readableBytes());
                if (i % 500 == 499) {
                    ring.poll(inferenceSide, 4096);
                }
            }
            ring.poll(inferenceSide, 4096);
            journal.close();
            frame.release();
            assertEquals(3000, consumed.size());
            assertEquals(3000, telemetry.counter(SystemCounter.EVENTS_RECORDED).get());
            assertEquals(0, telemetry.counter(SystemCounter.EVENTS_DROPPED).get());
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
