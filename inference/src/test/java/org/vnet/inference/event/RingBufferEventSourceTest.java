package org.vnet.inference.event;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;
import org.vnet.inference.testing.Frames;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingBufferEventSourceTest
{
    @Test
    void shouldDeliverRecordsOfferedByTheProducerAndSkipOtherMessages()
    {
        final OneToOneRingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(64 * 1024 + RingBufferDescriptor.TRAILER_LENGTH)));
        final byte[] frame = Frames.tcp4(Frames.mac(1), Frames.mac(2), 1, 2, 3, 4, 5, 6, EventRecord.TCP_ACK, 10);
        final UnsafeBuffer frameBuffer = new UnsafeBuffer(frame);
        for (int i = 0; i < 5; i++)
        {
            assertTrue(RingBufferEventSource.offer(ring, 1000 + i, 3, EventRecord.DIRECTION_TX, frameBuffer, 0,
                frame.length));
        }
        ring.write(99, new UnsafeBuffer(new byte[8]), 0, 8);

        final RingBufferEventSource source = new RingBufferEventSource(ring);
        final List<Long> times = new ArrayList<>();
        assertEquals(3, source.poll(r -> times.add(r.timeNs()), 3));
        final int delivered = source.poll(r ->
        {
            times.add(r.timeNs());
            assertEquals(Frames.mac(1), r.srcMac());
            assertEquals(3, r.port());
            assertEquals(10, r.payloadLength());
        }, 10);
        assertEquals(2, delivered);
        assertEquals(List.of(1000L, 1001L, 1002L, 1003L, 1004L), times);
        assertEquals(1, source.skipped());
        assertFalse(source.isExhausted());
        assertEquals(0, source.poll(r -> times.add(r.timeNs()), 10));
    }
}
