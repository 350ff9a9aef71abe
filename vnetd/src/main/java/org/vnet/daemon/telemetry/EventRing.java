package org.vnet.daemon.telemetry;

import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;

import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;
import org.vnet.inference.event.EventRecord;

/**
 * The packet event log between the data-plane thread (single producer) and the inference agent
 * (single consumer): one fixed-size {@link EventRecord} per switched frame, written in place in an
 * Agrona ring buffer. When the ring is full the record is dropped and counted; the data plane
 * never waits, never allocates, never throws.
 */
public final class EventRing {
    /** Message type of an event record in the ring. */
    public static final int EVENT_MSG_TYPE = 1;
    /** Default ring capacity in bytes (about 87,000 records). */
    public static final int DEFAULT_CAPACITY = 8 << 20;

    private final OneToOneRingBuffer ring;
    private final UnsafeBuffer frameView = new UnsafeBuffer(0, 0);
    private final AtomicCounter recorded;
    private final AtomicCounter dropped;
    private final long epochOffsetNs;

    /**
     * @param capacity  ring data capacity in bytes, a power of two
     * @param telemetry where the recorded/dropped counters live
     */
    public EventRing(final int capacity, final Telemetry telemetry) {
        ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
        recorded = telemetry.counter(SystemCounter.EVENTS_RECORDED);
        dropped = telemetry.counter(SystemCounter.EVENTS_DROPPED);
        epochOffsetNs = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    }

    /** Wall-clock time in ns from the monotonic clock (no allocation). */
    public long nowNs() {
        return epochOffsetNs + System.nanoTime();
    }

    /**
     * Records one frame seen on port {@code port}; data-plane thread only.
     *
     * @param direction {@link EventRecord#DIRECTION_TX} for a frame a local VM sent,
     *                  {@link EventRecord#DIRECTION_RX} for one that arrived from a link
     */
    public void record(final int port, final int direction, final ByteBuf frame, final int offset, final int length) {
        record(port, direction, frame, offset, length, length);
    }

    /**
     * As {@link #record(int, int, ByteBuf, int, int)} for a super-frame that stands for
     * {@code wireLength} bytes of segments on a wire (recorded as its frame length).
     */
    public void record(final int port, final int direction, final ByteBuf frame, final int offset, final int length,
                       final int wireLength) {
        final int index = ring.tryClaim(EVENT_MSG_TYPE, EventRecord.LENGTH);
        if (index <= 0) {
            dropped.incrementRelease();
            return;
        }
        if (frame.hasMemoryAddress()) {
            frameView.wrap(frame.memoryAddress() + offset, length);
        } else if (frame.hasArray()) {
            frameView.wrap(frame.array(), frame.arrayOffset() + offset, length);
        } else {
            ring.abort(index);
            dropped.incrementRelease();
            return;
        }
        EventRecord.encode(ring.buffer(), index, nowNs(), port, direction, frameView, 0, length, wireLength);
        ring.commit(index);
        recorded.incrementRelease();
    }

    /** Hands up to {@code limit} records to {@code handler}; consumer thread only. */
    public int drain(final MessageHandler handler, final int limit) {
        return ring.read(handler, limit);
    }
}
