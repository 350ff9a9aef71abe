package org.vnet.daemon.datapath;

import org.agrona.concurrent.UnsafeBuffer;
import org.vnet.nativeio.bpf.BpfException;
import org.vnet.nativeio.bpf.DataPathMaps;
import org.vnet.nativeio.bpf.RingBufferReader;
import org.vnet.inference.event.EventRecord;
import org.vnet.inference.event.EventRing;

/**
 * The kernel path's inference feed: walks the programs' BPF ring buffer (memory-mapped, no
 * system call per record) and offers each event, the leading bytes of a frame or super-frame, to
 * the {@link EventRing} as the same {@link EventRecord} the Java path writes, with the same clock
 * and wire length. Polled by the inference agent's thread; allocates nothing per record.
 */
public final class KernelEvents implements AutoCloseable {
    private final RingBufferReader reader;
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
    private final EventRing.Producer producer;
    private final RingBufferReader.RecordHandler onRecord;
    private long events;

    /**
     * @param path the kernel data path whose ring is read
     * @param ring where its events go (this reader is one of the ring's producers)
     * @throws BpfException when the ring cannot be mapped
     */
    public KernelEvents(final KernelDataPath path, final EventRing ring) throws BpfException {
        reader = new RingBufferReader(path.eventsFd(), DataPathMaps.EVENTS_BYTES);
        producer = ring.newProducer();
        onRecord = this::onRecord;
    }

    /**
     * Moves up to {@code limit} kernel events into the event ring (a full ring drops and counts them).
     *
     * @return how many were read
     */
    public int poll(final int limit) {
        return reader.poll(onRecord, limit);
    }

    /** Events read since start. */
    public long events() {
        return events;
    }

    private void onRecord(final UnsafeBuffer buffer, final int offset, final int length) {
        if (length < DataPathMaps.EVENT_DATA_OFFSET) {
            return;
        }
        // bpf_ktime_get_ns() is CLOCK_MONOTONIC, the clock of System.nanoTime() on Linux
        final long monotonicNs = buffer.getLong(offset + DataPathMaps.EVENT_TS_NS_OFFSET);
        final int port = buffer.getInt(offset + DataPathMaps.EVENT_PORT_OFFSET);
        final int len = buffer.getInt(offset + DataPathMaps.EVENT_LEN_OFFSET);
        final int segs = Math.max(1, buffer.getShort(offset + DataPathMaps.EVENT_SEGS_OFFSET) & 0xFFFF);
        final int direction = buffer.getByte(offset + DataPathMaps.EVENT_DIRECTION_OFFSET);
        final int caplen = Math.min(buffer.getShort(offset + DataPathMaps.EVENT_CAPLEN_OFFSET) & 0xFFFF,
            length - DataPathMaps.EVENT_DATA_OFFSET);
        frame.wrap(buffer.addressOffset() + offset + DataPathMaps.EVENT_DATA_OFFSET, caplen);
        producer.offer(monotonicNs, port, direction, frame, 0, caplen, len, segs);
        events++;
    }

    @Override
    public void close() {
        reader.close();
    }
}
