package org.vnet.inference.event;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * {@link EventSource} over an Agrona {@link RingBuffer} holding {@link EventRecord}s, as the daemon's forwarding
 * thread writes them: {@code int i = ring.tryClaim(MSG_TYPE_ID, EventRecord.LENGTH); if (i > 0) {
 * EventRecord.encode(ring.buffer(), i, ...); ring.commit(i); }}. Messages of other types or shorter than a record
 * are skipped and counted. Never exhausted. Allocation-free per poll.
 */
public final class RingBufferEventSource implements EventSource
{
    /** Message type id of an event record in the ring. */
    public static final int MSG_TYPE_ID = 1;

    private final RingBuffer ring;
    private final EventRecord record = new EventRecord();
    private final MessageHandler adapter = this::onMessage;
    private EventHandler handler;
    private long skipped;
    private int delivered;

    /**
     * @param ring ring buffer the producer claims records in.
     */
    public RingBufferEventSource(final RingBuffer ring)
    {
        this.ring = ring;
    }

    /**
     * Claim, encode and commit one Ethernet frame as a record (the producer side, for the forwarding thread).
     *
     * @return false if the ring is full (the caller counts the drop).
     */
    public static boolean offer(final RingBuffer ring, final long timeNs, final int port, final int direction,
        final DirectBuffer frame, final int frameOffset, final int frameLength)
    {
        final int index = ring.tryClaim(MSG_TYPE_ID, EventRecord.LENGTH);
        if (index <= 0)
        {
            return false;
        }
        final MutableDirectBuffer buffer = ring.buffer();
        EventRecord.encode(buffer, index, timeNs, port, direction, frame, frameOffset, frameLength);
        ring.commit(index);
        return true;
    }

    @Override
    public int poll(final EventHandler handler, final int limit)
    {
        this.handler = handler;
        delivered = 0;
        try
        {
            ring.read(adapter, limit);
            return delivered;
        }
        finally
        {
            this.handler = null;
        }
    }

    private void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (msgTypeId != MSG_TYPE_ID || length < EventRecord.LENGTH)
        {
            skipped++;
            return;
        }
        delivered++;
        handler.onEvent(record.wrap(buffer, index));
    }

    /** Messages skipped because of their type or length. */
    public long skipped()
    {
        return skipped;
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
}
