package org.vnet.inference.event;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vnet.inference.packet.Tcp;
import org.vnet.inference.testing.Frames;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventRingTest
{
    private static final int CAPACITY = 64 * 1024;

    private final CountersManager counters = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
    private final AtomicCounter recorded = counters.newCounter("recorded");
    private final AtomicCounter dropped = counters.newCounter("dropped");
    private final EventRing ring = new EventRing(CAPACITY, recorded, dropped);
    private final UnsafeBuffer frame = new UnsafeBuffer(
        Frames.tcp4(Frames.mac(1), Frames.mac(2), Frames.ip(10, 0, 0, 1), Frames.ip(10, 0, 0, 2), 1000, 2000, 5, 6,
            Tcp.ACK, 1000));

    @Test
    void shouldDeliverEachOfferedFrameAsARecordOnTheWallClock()
    {
        final EventRing.Producer producer = ring.newProducer();
        final long before = System.currentTimeMillis() * 1_000_000L;
        for (int port = 0; port < 3; port++)
        {
            assertTrue(producer.offer(port, EventRecord.DIRECTION_TX, frame, 0, frame.capacity(), frame.capacity()));
        }
        final List<Integer> ports = new ArrayList<>();
        final List<Long> times = new ArrayList<>();

        assertEquals(3, ring.poll(r ->
        {
            ports.add(r.port());
            times.add(r.timeNs());
            assertEquals(1000, r.srcPort());
            assertEquals(frame.capacity(), r.frameLength());
        }, 10));

        assertEquals(List.of(0, 1, 2), ports);
        assertTrue(times.get(0) >= before - 1_000_000_000L && times.get(2) >= times.get(0), times.toString());
        assertEquals(3, recorded.get());
        assertEquals(0, dropped.get());
        assertEquals(0, ring.poll(r -> { }, 10));
    }

    @Test
    void shouldDropAndCountWhenTheRingIsFull()
    {
        final EventRing.Producer producer = ring.newProducer();
        int offered = 0;
        while (producer.offer(1, EventRecord.DIRECTION_RX, frame, 0, frame.capacity(), frame.capacity()))
        {
            offered++;
        }
        assertFalse(producer.offer(1, EventRecord.DIRECTION_RX, frame, 0, frame.capacity(), frame.capacity()));

        assertEquals(offered, recorded.get());
        assertEquals(2, dropped.get());
        assertEquals(offered, ring.poll(r -> { }, Integer.MAX_VALUE));
        assertTrue(producer.offer(1, EventRecord.DIRECTION_RX, frame, 0, frame.capacity(), frame.capacity()));
    }

    @Test
    void shouldCountTheHeadersOfEachSegmentOfASuperFrame()
    {
        final int headers = 14 + 20 + 20;
        ring.newProducer().offer(System.nanoTime(), 1, EventRecord.DIRECTION_TX, frame, 0, frame.capacity(),
            frame.capacity(), 4);

        ring.poll(r -> assertEquals(frame.capacity() + 3 * headers, r.frameLength()), 1);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldDeliverEveryRecordOfTwoProducerThreadsInEachProducersOrder() throws Exception
    {
        final int perProducer = 20_000;
        final Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++)
        {
            final int port = t;
            final EventRing.Producer producer = ring.newProducer();
            threads[t] = new Thread(() ->
            {
                final UnsafeBuffer own = new UnsafeBuffer(new byte[frame.capacity()]);
                own.putBytes(0, frame, 0, frame.capacity());
                for (int i = 0; i < perProducer; i++)
                {
                    own.putInt(14 + 20 + Tcp.SEQ_OFFSET, i, ByteOrder.BIG_ENDIAN);
                    while (!producer.offer(port, EventRecord.DIRECTION_TX, own, 0, own.capacity(), own.capacity()))
                    {
                        Thread.onSpinWait();
                    }
                }
            });
            threads[t].setDaemon(true);
            threads[t].start();
        }
        final int[] next = new int[threads.length];
        while (next[0] + next[1] < 2 * perProducer)
        {
            ring.poll(r ->
            {
                assertEquals(next[r.port()], r.seq());
                next[r.port()]++;
            }, 256);
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }

        assertEquals(2L * perProducer, recorded.get());
    }
}
