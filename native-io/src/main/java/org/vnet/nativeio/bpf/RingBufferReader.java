package org.vnet.nativeio.bpf;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Consumes a {@code BPF_MAP_TYPE_RINGBUF} map by mapping it into this process, without libbpf's
 * callback API. One thread polls; {@link #poll} never allocates nor throws (unless the handler does).
 *
 * <p>Mapping, as the kernel exposes it at the map fd:
 * <pre>
 *   offset 0          consumer page (read-write): u64 consumer_pos at 0
 *   offset pagesize   producer page (read-only):  u64 producer_pos at 0
 *   offset 2*pagesize data, dataSize bytes, mapped twice in a row so that no record wraps
 * </pre>
 * A record at {@code pos & (dataSize - 1)} of the data:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-----------------------------------------------------------+
 *  |B|D|                     length (30 bits)                      |
 *  +-+-+-----------------------------------------------------------+
 *  |                 pg_off (kernel use)                           |
 *  +---------------------------------------------------------------+
 *  |                 sample: length bytes ...                      |
 * </pre>
 * B (BUSY): the producer has reserved but not committed it, so reading stops there; D (DISCARD):
 * skipped. The next record starts at {@code round_up(8 + length, 8)}. Positions are read with
 * acquire semantics and {@code consumer_pos} is written with release semantics after each record,
 * which frees its space for the producer.
 */
public final class RingBufferReader implements AutoCloseable
{
    /** Bytes of the record header. */
    public static final int HEADER_LENGTH = 8;
    /** Header bit: reserved, not yet committed. */
    public static final int BUSY_BIT = 1 << 31;
    /** Header bit: discarded by the producer. */
    public static final int DISCARD_BIT = 1 << 30;

    /**
     * Receives one record; the bytes are only valid during the call (copy what must be kept).
     */
    @FunctionalInterface
    public interface RecordHandler
    {
        /**
         * One committed record.
         *
         * @param buffer the mapped data area (read-only memory: never write to it).
         * @param offset where the sample starts.
         * @param length sample bytes.
         */
        void onRecord(UnsafeBuffer buffer, int offset, int length);
    }

    private final int mapFd;
    private final int dataSize;
    private final long mask;
    private final long consumerAddress;
    private final long consumerLength;
    private final long producerAddress;
    private final long producerLength;
    private final UnsafeBuffer consumer;
    private final UnsafeBuffer producer;
    private final UnsafeBuffer data;
    private boolean closed;

    /**
     * Maps the ring buffer of {@code mapFd}; the fd stays the caller's (it may be closed afterwards,
     * the mapping keeps the map alive).
     *
     * @param mapFd    a RINGBUF map fd, e.g. {@code BpfObject.mapFd(DataPathMaps.VNET_EVENTS)}.
     * @param dataSize the map's {@code max_entries}: a power of two, a multiple of the page size.
     * @throws BpfException when the fd is not a ring buffer of that size or mmap fails.
     */
    public RingBufferReader(final int mapFd, final int dataSize) throws BpfException
    {
        final int pageSize = LibC.getpagesize();
        if (dataSize < pageSize || 0 != (dataSize & (dataSize - 1)))
        {
            throw new BpfException("ring buffer size " + dataSize + " is not a power of two >= the page size");
        }
        final int[] info = BpfMap.info(mapFd);
        if (null == info || Libbpf.BPF_MAP_TYPE_RINGBUF != info[0] || dataSize != info[3])
        {
            throw new BpfException("fd " + mapFd + " is not a ring buffer of " + dataSize + " bytes" +
                (null == info ? "" : " (type " + info[0] + ", max_entries " + info[3] + ")"));
        }
        this.mapFd = mapFd;
        this.dataSize = dataSize;
        this.mask = dataSize - 1L;
        this.consumerLength = pageSize;
        this.producerLength = pageSize + 2L * dataSize;

        this.consumerAddress = LibC.mmap(0, consumerLength, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, mapFd, 0);
        if (LibC.MAP_FAILED == consumerAddress)
        {
            throw new BpfException("cannot map the consumer page of ring buffer fd " + mapFd, LibC.errno());
        }
        this.producerAddress = LibC.mmap(0, producerLength, LibC.PROT_READ, LibC.MAP_SHARED, mapFd, pageSize);
        if (LibC.MAP_FAILED == producerAddress)
        {
            final int errno = LibC.errno();
            LibC.munmap(consumerAddress, consumerLength);
            throw new BpfException("cannot map the data of ring buffer fd " + mapFd, errno);
        }
        this.consumer = new UnsafeBuffer(consumerAddress, pageSize);
        this.producer = new UnsafeBuffer(producerAddress, pageSize);
        this.data = new UnsafeBuffer(producerAddress + pageSize, 2 * dataSize);
    }

    /**
     * Over caller-provided memory instead of a mapping, for unit tests of the record walk.
     *
     * @param consumer holds consumer_pos at 0.
     * @param producer holds producer_pos at 0.
     * @param data     {@code 2 * dataSize} bytes, the second half mirroring the first.
     * @param dataSize a power of two.
     */
    RingBufferReader(final UnsafeBuffer consumer, final UnsafeBuffer producer, final UnsafeBuffer data, final int dataSize)
    {
        this.mapFd = -1;
        this.dataSize = dataSize;
        this.mask = dataSize - 1L;
        this.consumerAddress = 0;
        this.consumerLength = 0;
        this.producerAddress = 0;
        this.producerLength = 0;
        this.consumer = consumer;
        this.producer = producer;
        this.data = data;
    }

    /**
     * Hands committed records to {@code handler}, oldest first, and releases their space. Stops at
     * {@code limit} records, at a record still being written, or when caught up.
     *
     * @param handler called once per record (discarded records are skipped silently).
     * @param limit   most records to deliver.
     * @return records delivered, 0 when none was ready or after {@link #close()}.
     */
    public int poll(final RecordHandler handler, final int limit)
    {
        if (closed)
        {
            return 0;
        }
        long consumerPos = consumer.getLongAcquire(0);
        final long producerPos = producer.getLongAcquire(0);
        int delivered = 0;
        while (consumerPos < producerPos && delivered < limit)
        {
            final int offset = (int)(consumerPos & mask);
            final int header = data.getIntAcquire(offset);
            if (0 != (header & BUSY_BIT))
            {
                break;
            }
            final int length = header & ~(BUSY_BIT | DISCARD_BIT);
            if (0 == (header & DISCARD_BIT))
            {
                handler.onRecord(data, offset + HEADER_LENGTH, length);
                delivered++;
            }
            consumerPos += (HEADER_LENGTH + length + 7) & ~7;
            consumer.putLongRelease(0, consumerPos);
        }
        return delivered;
    }

    /**
     * Bytes written by the producer and not yet consumed (committed or not).
     *
     * @return {@code producer_pos - consumer_pos}.
     */
    public long pending()
    {
        return closed ? 0 : producer.getLongAcquire(0) - consumer.getLongAcquire(0);
    }

    /**
     * The map fd given at construction (not owned), e.g. for epoll: it polls readable when records are ready.
     *
     * @return the fd.
     */
    public int mapFd()
    {
        return mapFd;
    }

    /**
     * Size of the data area.
     *
     * @return the map's {@code max_entries}.
     */
    public int dataSize()
    {
        return dataSize;
    }

    /**
     * Unmaps the ring buffer; later polls return 0. Idempotent; must not race {@link #poll}.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (0 != producerAddress)
            {
                LibC.munmap(producerAddress, producerLength);
            }
            if (0 != consumerAddress)
            {
                LibC.munmap(consumerAddress, consumerLength);
            }
        }
    }
}
