package org.vnet.nativeio.bpf;

import com.sun.management.ThreadMXBean;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record walk of {@link RingBufferReader} over plain memory laid out as the kernel maps a
 * ring buffer (data mirrored after itself), written here the way the kernel's producer does.
 */
class RingBufferReaderTest
{
    private static final int SIZE = 4096;

    private final UnsafeBuffer consumer = new UnsafeBuffer(ByteBuffer.allocateDirect(8));
    private final UnsafeBuffer producer = new UnsafeBuffer(ByteBuffer.allocateDirect(8));
    private final UnsafeBuffer data = new UnsafeBuffer(ByteBuffer.allocateDirect(2 * SIZE));
    private final RingBufferReader reader = new RingBufferReader(consumer, producer, data, SIZE);
    private final List<byte[]> records = new ArrayList<>();
    private final RingBufferReader.RecordHandler collect = (buffer, offset, length) ->
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        records.add(copy);
    };

    /** Appends a record at producer_pos with the given header bits and payload; returns its position. */
    private long produce(final int bits, final byte[] payload)
    {
        final long pos = producer.getLong(0);
        writeRing(pos, (payload.length | bits));
        for (int i = 0; i < payload.length; i++)
        {
            writeRingByte(pos + 8 + i, payload[i]);
        }
        producer.putLong(0, pos + ((8 + payload.length + 7) & ~7));
        return pos;
    }

    private void writeRing(final long pos, final int header)
    {
        for (int i = 0; i < 4; i++)
        {
            writeRingByte(pos + i, (byte)(header >>> (8 * i)));
        }
        for (int i = 4; i < 8; i++)
        {
            writeRingByte(pos + i, (byte)0);
        }
    }

    /** Writes one byte at a ring position in both copies of the data, as the double mapping shows it. */
    private void writeRingByte(final long pos, final byte value)
    {
        final int offset = (int)(pos & (SIZE - 1));
        data.putByte(offset, value);
        data.putByte(offset + SIZE, value);
    }

    private static byte[] payload(final int length, final int seed)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(seed + i);
        }
        return bytes;
    }

    @Test
    void shouldDeliverCommittedRecordsInOrderAndReleaseTheirSpace()
    {
        produce(0, payload(152, 1));
        produce(0, payload(3, 50));

        assertEquals(2, reader.poll(collect, 10));

        assertEquals(2, records.size());
        assertArrayEquals(payload(152, 1), records.get(0));
        assertArrayEquals(payload(3, 50), records.get(1));
        assertEquals(160 + 16, consumer.getLong(0), "8-byte header, length rounded up to 8");
        assertEquals(0, reader.pending());
        assertEquals(0, reader.poll(collect, 10));
    }

    @Test
    void shouldStopAtBusyRecordAndResumeOnceCommitted()
    {
        produce(0, payload(20, 1));
        final long busy = produce(RingBufferReader.BUSY_BIT, payload(20, 2));
        produce(0, payload(20, 3));

        assertEquals(1, reader.poll(collect, 10));
        assertEquals(busy, consumer.getLong(0));

        writeRing(busy, 20);
        assertEquals(2, reader.poll(collect, 10));
        assertArrayEquals(payload(20, 3), records.get(2));
    }

    @Test
    void shouldSkipDiscardedRecords()
    {
        produce(RingBufferReader.DISCARD_BIT, payload(40, 1));
        produce(0, payload(8, 2));

        assertEquals(1, reader.poll(collect, 10));
        assertArrayEquals(payload(8, 2), records.get(0));
        assertEquals(producer.getLong(0), consumer.getLong(0));
    }

    @Test
    void shouldDeliverAtMostLimit()
    {
        for (int i = 0; i < 5; i++)
        {
            produce(0, payload(16, i));
        }

        assertEquals(2, reader.poll(collect, 2));
        assertEquals(2 * 24, consumer.getLong(0));
        assertEquals(3, reader.poll(collect, 100));
    }

    @Test
    void shouldDeliverWrappingRecordContiguously()
    {
        final long start = SIZE - 24;
        producer.putLong(0, start);
        consumer.putLong(0, start);
        produce(0, payload(100, 7));

        assertEquals(1, reader.poll(collect, 10));
        assertArrayEquals(payload(100, 7), records.get(0));
        assertEquals(start + 112, consumer.getLong(0));
    }

    @Test
    void shouldPollWithoutAllocating()
    {
        final long[] sum = new long[1];
        final RingBufferReader.RecordHandler handler = (buffer, offset, length) -> sum[0] += buffer.getByte(offset);
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final byte[] event = payload(152, 1);
        for (int i = 0; i < 10_000; i++)
        {
            produce(0, event);
            reader.poll(handler, 10);
        }

        final long before = threads.getThreadAllocatedBytes(threadId);
        int delivered = 0;
        for (int i = 0; i < 10_000; i++)
        {
            produce(0, event);
            delivered += reader.poll(handler, 10);
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertEquals(10_000, delivered);
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes for 10000 polls");
    }

    @Test
    void shouldReturnZeroAfterClose()
    {
        produce(0, payload(8, 1));
        reader.close();

        assertEquals(0, reader.poll(collect, 10));
        reader.close();
    }
}
