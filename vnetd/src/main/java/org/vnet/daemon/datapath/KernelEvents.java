package org.vnet.daemon.datapath;

import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;
import org.vnet.forwarder.bpf.BpfException;
import org.vnet.forwarder.bpf.DataPathMaps;
import org.vnet.forwarder.bpf.RingBufferReader;
import org.vnet.inference.event.EventHandler;
import org.vnet.inference.event.EventRecord;

/**
 * The kernel path's inference feed: walks the programs' BPF ring buffer (memory-mapped, no
 * system call per record) and turns each event, the leading bytes of a frame or super-frame, into
 * the same {@link EventRecord} the Java path writes, with the same clock and wire length. Runs on
 * the inference agent's thread; allocates nothing per record.
 */
public final class KernelEvents implements AutoCloseable {
    private final RingBufferReader reader;
    private final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(EventRecord.LENGTH));
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
    private final EventRecord record = new EventRecord();
    private final long epochOffsetNs;
    private final RingBufferReader.RecordHandler onRecord;
    private EventHandler handler;
    private long events;

    /**
     * @param path the kernel data path whose ring is read
     * @throws BpfException when the ring cannot be mapped
     */
    public KernelEvents(final KernelDataPath path) throws BpfException {
        reader = new RingBufferReader(path.eventsFd(), DataPathMaps.EVENTS_BYTES);
        epochOffsetNs = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        onRecord = this::onRecord;
    }

    /**
     * Hands up to {@code limit} events to {@code handler} (each record valid only during the call).
     *
     * @return how many were handed over
     */
    public int poll(final EventHandler handler, final int limit) {
        this.handler = handler;
        return reader.poll(onRecord, limit);
    }

    /** Events handed over since start. */
    public long events() {
        return events;
    }

    private void onRecord(final UnsafeBuffer buffer, final int offset, final int length) {
        if (length < DataPathMaps.EVENT_DATA_OFFSET) {
            return;
        }
        final long ts = buffer.getLong(offset + DataPathMaps.EVENT_TS_NS_OFFSET);
        final int port = buffer.getInt(offset + DataPathMaps.EVENT_PORT_OFFSET);
        final int len = buffer.getInt(offset + DataPathMaps.EVENT_LEN_OFFSET);
        final int segs = Math.max(1, buffer.getShort(offset + DataPathMaps.EVENT_SEGS_OFFSET) & 0xFFFF);
        final int direction = buffer.getByte(offset + DataPathMaps.EVENT_DIRECTION_OFFSET);
        final int caplen = Math.min(buffer.getShort(offset + DataPathMaps.EVENT_CAPLEN_OFFSET) & 0xFFFF,
            length - DataPathMaps.EVENT_DATA_OFFSET);
        frame.wrap(buffer.addressOffset() + offset + DataPathMaps.EVENT_DATA_OFFSET, Math.max(0, caplen));
        EventRecord.encode(scratch, 0, epochOffsetNs + ts, port, direction, frame, 0, caplen, len);
        if (segs > 1) {
            // a super-frame stands for its segments: headers once more per extra segment
            record.wrap(scratch, 0);
            final int headers = Math.max(0, len - record.payloadLength());
            scratch.putInt(EventRecord.FRAME_LENGTH_OFFSET, len + (segs - 1) * headers, java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        events++;
        handler.onEvent(record.wrap(scratch, 0));
    }

    @Override
    public void close() {
        reader.close();
    }
}
