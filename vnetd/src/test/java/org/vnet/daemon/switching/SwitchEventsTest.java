package org.vnet.daemon.switching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

import org.junit.jupiter.api.Test;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.inference.event.EventRecord;
import org.vnet.inference.event.EventRing;
import org.vnet.inference.packet.Mac;

/** The switch as the event ring's producer: one record per switched frame, at ingress. */
class SwitchEventsTest extends SwitchFixture {
    private EventRing ring;

    private Switch recordingSwitch() {
        final Switch sw = newSwitch(false);
        ring = new EventRing(1 << 16, telemetry.counter(SystemCounter.EVENTS_RECORDED),
            telemetry.counter(SystemCounter.EVENTS_DROPPED));
        sw.events(ring.newProducer());
        return sw;
    }

    @Test
    void shouldRecordEachSwitchedFrameOnceWithItsIngressPortAndDirection() {
        final Switch sw = recordingSwitch();
        send(sw, tap0, Mac.BROADCAST, A, 0);
        send(sw, linkX, A, B, 1);
        final List<String> records = new ArrayList<>();

        ring.poll(r -> records.add(r.port() + " " + r.direction() + " " + Mac.format(r.srcMac()) + " "
            + r.frameLength()), 10);

        assertEquals(List.of(
            "0 " + EventRecord.DIRECTION_TX + " " + Mac.format(A) + " 60",
            "2 " + EventRecord.DIRECTION_RX + " " + Mac.format(B) + " 60"), records);
        assertEquals(2, telemetry.counter(SystemCounter.EVENTS_RECORDED).get());
    }

    @Test
    void shouldForwardButCountADropWhenTheFrameIsNotReadableInPlace() {
        final Switch sw = recordingSwitch();
        final ByteBuf whole = frame(Mac.BROADCAST, A);
        final CompositeByteBuf split = Unpooled.compositeBuffer();
        split.addComponents(true, whole.copy(0, 20), whole.copy(20, whole.readableBytes() - 20));

        sw.onFrame(tap0, split, 0, split.readableBytes(), 0);
        sw.flush();

        assertEquals(List.of(0, 1, 1, 1), counts());
        assertEquals(1, telemetry.counter(SystemCounter.EVENTS_DROPPED).get());
        assertEquals(0, ring.poll(r -> { }, 10));
        split.release();
    }
}
