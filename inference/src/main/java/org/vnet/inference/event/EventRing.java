package org.vnet.inference.event;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteBuffer;

/**
 * The inference feed: one fixed-size {@link EventRecord} per observed frame, written in place in an Agrona ring
 * buffer by {@link Producer}s (the switch's data-plane thread, the kernel data path's event reader) and read by one
 * consumer (the inference agent) through {@link #poll(EventHandler, int)}. When the ring is full the record is
 * dropped and counted (counters are incremented atomically: producers run on several threads); a producer never
 * waits, never allocates, never throws.
 */
public final class EventRing implements EventSource
{
    /** Message type id of an event record in the ring. */
    public static final int MSG_TYPE_ID = 1;
    /** Default ring capacity in bytes (about 87,000 records). */
    public static final int DEFAULT_CAPACITY = 8 << 20;

    private final ManyToOneRingBuffer ring;
    private final AtomicCounter recorded;
    private final AtomicCounter dropped;
    private final long epochOffsetNs;
    private final EventRecord record = new EventRecord();
    private final MessageHandler onMessage = this::onMessage;
    private EventHandler handler;
    private long skipped;

    /**
     * Allocates the ring (start-up only).
     *
     * @param capacity ring data capacity in bytes, a power of two.
     * @param recorded counts the records written.
     * @param dropped  counts the records dropped because the ring was full.
     */
    public EventRing(final int capacity, final AtomicCounter recorded, final AtomicCounter dropped)
    {
        ring = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
        this.recorded = recorded;
        this.dropped = dropped;
        epochOffsetNs = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    }

    /**
     * A producer for one thread (each holds its own encoder); allocates, so create it at start-up.
     *
     * @return a new producer writing into this ring.
     */
    public Producer newProducer()
    {
        return new Producer();
    }

    /**
     * Wall-clock time in ns of a monotonic ({@link System#nanoTime()}, {@code CLOCK_MONOTONIC}) time: the one clock
     * of every record, whichever producer wrote it.
     *
     * @param monotonicNs a monotonic time.
     * @return ns since the epoch.
     */
    public long wallClockNs(final long monotonicNs)
    {
        return epochOffsetNs + monotonicNs;
    }

    /** Records written since start. */
    public long recorded()
    {
        return recorded.get();
    }

    /** Records dropped because the ring was full. */
    public long dropped()
    {
        return dropped.get();
    }

    /** Messages skipped by the consumer because of their type or length. */
    public long skipped()
    {
        return skipped;
    }

    /**
     * Hands up to {@code limit} records to {@code handler}; the consumer's thread only. Allocation-free.
     */
    @Override
    public int poll(final EventHandler handler, final int limit)
    {
        this.handler = handler;
        try
        {
            return ring.read(onMessage, limit);
        }
        finally
        {
            this.handler = null;
        }
    }

    @Override
    public boolean isExhausted()
    {
        return false;
    }

    @Override
    public void close()
    {
    }

    private void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (msgTypeId != MSG_TYPE_ID || length != EventRecord.LENGTH)
        {
            skipped++;
            return;
        }
        handler.onEvent(record.wrap(buffer, index));
    }

    /**
     * Writes frames into the ring from one thread: claims a record, encodes the frame in place, commits.
     */
    public final class Producer
    {
        private final EventEncoder encoder = new EventEncoder();
        private final EventRecord written = new EventRecord();

        private Producer()
        {
        }

        /**
         * Record one frame seen now.
         *
         * @param port       observer port id.
         * @param direction  {@link EventRecord#DIRECTION_TX} for a frame a local VM sent,
         *                   {@link EventRecord#DIRECTION_RX} for one that arrived from a link.
         * @param frame      buffer holding the frame.
         * @param offset     index of the Ethernet header.
         * @param length     captured bytes.
         * @param wireLength bytes the frame stands for on a wire (a super-frame's segments), recorded as its length.
         * @return false if the ring was full (the drop is counted).
         */
        public boolean offer(final int port, final int direction, final DirectBuffer frame, final int offset,
            final int length, final int wireLength)
        {
            return offer(System.nanoTime(), port, direction, frame, offset, length, wireLength, 1);
        }

        /**
         * Record one frame, or a super-frame standing for {@code segments} frames on a wire, each with the headers
         * once more: its recorded length is {@code wireLength} plus the headers of the extra segments.
         *
         * @param monotonicNs when the frame was seen, on the {@link System#nanoTime()} clock.
         * @param segments    wire frames it stands for (1 for a plain frame).
         * @return false if the ring was full (the drop is counted).
         */
        public boolean offer(final long monotonicNs, final int port, final int direction, final DirectBuffer frame,
            final int offset, final int length, final int wireLength, final int segments)
        {
            final int index = ring.tryClaim(MSG_TYPE_ID, EventRecord.LENGTH);
            if (index <= 0)
            {
                dropped.increment();
                return false;
            }
            final MutableDirectBuffer buffer = ring.buffer();
            encoder.encode(buffer, index, epochOffsetNs + monotonicNs, port, direction, frame, offset, length,
                wireLength);
            if (segments > 1)
            {
                final int headers = Math.max(0, wireLength - written.wrap(buffer, index).payloadLength());
                buffer.putInt(index + EventRecord.FRAME_LENGTH_OFFSET, wireLength + (segments - 1) * headers,
                    EventRecord.ORDER);
            }
            ring.commit(index);
            recorded.increment();
            return true;
        }

        /** Count a frame the caller could not offer (its bytes were not readable in place) as dropped. */
        public void drop()
        {
            dropped.increment();
        }
    }
}
