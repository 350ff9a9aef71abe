package org.vnet.daemon.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.vnet.daemon.link.seal.SealedHeader;
import org.vnet.daemon.link.seal.Sealer;
import org.vnet.daemon.offload.Segmenter;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.nativeio.Errno;
import org.vnet.nativeio.UdpSocket;

/**
 * The send side of {@link NativeUdpEndpoint}: whole datagrams are copied into a batch that leaves
 * in one {@code sendmmsg} at the end of the read burst (or when full); consecutive datagrams of one
 * link with the same size (a stream of small UDP datagrams, or a TCP flow's pure ACKs) share one
 * message with {@code UDP_SEGMENT}, so the kernel builds one packet for all of them. A TCP or UDP
 * super-frame is cut by the {@link Segmenter} and leaves at once (after the batch, to keep order)
 * as one or two UDP GSO messages whose iovecs point at the headers written here and at the payload
 * where it already is. Port counters count what the kernel took. Data-plane thread only; allocates
 * nothing.
 */
final class UdpSender implements AutoCloseable {
    /** Bytes of whole datagrams a batch holds. */
    static final int BATCH_BYTES = 256 << 10;
    /** Payload bytes in one UDP GSO message (the kernel caps a UDP datagram's length at 64 KiB). */
    static final int GSO_BYTES = 61_440;
    /** Segments in one UDP GSO message (the kernel's UDP_MAX_SEGMENTS is 64 before Linux 5.6). */
    static final int GSO_SEGMENTS = 64;
    private static final int MAX = UdpSocket.MAX_BATCH;
    private static final int D = UdpSocket.DESCRIPTOR_LENGTH;
    private static final int IOV = UdpSocket.IOVEC_LENGTH;
    private static final int SEGMENTS = Segmenter.MAX_SEGMENTS;

    private final UdpSocket socket;
    private final Telemetry telemetry;
    /** False: one message per datagram ({@code vnet.udp.mergeDatagrams}, for comparisons). */
    private final boolean merge;
    private final ByteBuf batch = Unpooled.directBuffer(BATCH_BYTES, BATCH_BYTES);
    private final long batchAddress = batch.memoryAddress();
    private final ByteBuf headers = Unpooled.directBuffer(SEGMENTS * Segmenter.MAX_DATAGRAM_HEADER);
    private final long headersAddress = headers.memoryAddress();
    /** Batch descriptors and iovecs, then the GSO descriptors and iovecs. */
    private final ByteBuf meta = Unpooled.directBuffer(2 * MAX * D + MAX * IOV + 2 * SEGMENTS * IOV);
    private final long metaAddress = meta.memoryAddress();
    private final int batchIov = MAX * D;
    private final int gsoDescriptors = batchIov + MAX * IOV;
    private final int gsoIov = gsoDescriptors + MAX * D;
    private final Segmenter segmenter = new Segmenter();
    private final LinkPort[] owners = new LinkPort[MAX];
    private final long[] peers = new long[MAX];
    /** Per message: frames, their bytes, datagrams, the datagrams' size, bytes in all. */
    private final int[] frames = new int[MAX];
    private final long[] frameBytes = new long[MAX];
    private final int[] datagrams = new int[MAX];
    private final int[] sizes = new int[MAX];
    private final int[] totals = new int[MAX];
    private int count;
    private int used;
    private boolean closed;

    /**
     * @param socket    the socket datagrams leave by
     * @param telemetry daemon counters
     * @param merge     whether consecutive equal-size datagrams to one peer share a {@code UDP_SEGMENT} message
     */
    UdpSender(final UdpSocket socket, final Telemetry telemetry, final boolean merge) {
        this.socket = socket;
        this.telemetry = telemetry;
        this.merge = merge;
        meta.setZero(0, meta.capacity());
    }

    /**
     * Room for a whole datagram of {@code length} bytes in the batch (flushing it first if full).
     *
     * @return the buffer to write the datagram into at {@link #reservedIndex()}
     */
    ByteBuf reserve(final int length) {
        if (count == MAX || used + length > BATCH_BYTES) {
            flush();
        }
        return batch;
    }

    /** Where {@link #reserve}'s datagram goes in its buffer. */
    int reservedIndex() {
        return used;
    }

    /**
     * Queues the datagram written at {@link #reservedIndex()}.
     *
     * @param owner     the link whose counters count it, or null (a control message)
     * @param frameLength bytes of frame it carries, for the counters
     */
    void commit(final LinkPort owner, final long peer, final int peerLength, final int length, final int frameLength) {
        final int last = count - 1;
        if (merge && last >= 0 && owner != null && owners[last] == owner && peers[last] == peer && sizes[last] == length
            && datagrams[last] < GSO_SEGMENTS && totals[last] + length <= GSO_BYTES) {
            // the datagram lies right after the message's others: one more UDP_SEGMENT segment
            frames[last]++;
            frameBytes[last] += frameLength;
            datagrams[last]++;
            totals[last] += length;
            meta.setLongLE(batchIov + last * IOV + 8, totals[last]);
            meta.setIntLE(last * D + 24, length);
            used += length;
            return;
        }
        final int d = count * D;
        final int iov = batchIov + count * IOV;
        meta.setLongLE(d, peer);
        meta.setIntLE(d + 8, peerLength);
        meta.setIntLE(d + 12, 1);
        meta.setLongLE(d + 16, metaAddress + iov);
        meta.setIntLE(d + 24, 0);
        meta.setLongLE(iov, batchAddress + used);
        meta.setLongLE(iov + 8, length);
        owners[count] = owner;
        peers[count] = peer;
        frames[count] = owner == null ? 0 : 1;
        frameBytes[count] = frameLength;
        datagrams[count] = 1;
        sizes[count] = length;
        totals[count] = length;
        count++;
        used += length;
    }

    /** Sends the batch. */
    void flush() {
        if (count == 0) {
            return;
        }
        int sent = socket.sendBatch(metaAddress, count);
        if (sent < 0) {
            countError(-sent, count);
            sent = 0;
        } else if (sent < count) {
            telemetry.increment(SystemCounter.BACKPRESSURE_DROPS);
        }
        for (int i = 0; i < count; i++) {
            final LinkPort owner = owners[i];
            if (owner != null) {
                if (i < sent) {
                    owner.counters().sent(frames[i], frameBytes[i]);
                } else {
                    owner.counters().dropped(frames[i]);
                }
            }
            owners[i] = null;
        }
        count = 0;
        used = 0;
    }

    /**
     * Sends a TCP super-frame as MSS-sized datagrams with UDP GSO.
     *
     * @param maxDatagram largest datagram the underlay carries without fragmentation
     * @return false, having sent nothing, when the frame is not a TCP super-frame that can be cut so
     *     that its datagrams fit {@code maxDatagram} (the caller then sends it whole)
     */
    boolean sendSegments(final LinkPort owner, final long peer, final int peerLength, final ByteBuf frame,
                         final int offset, final int length, final int vnetHdr, final int maxDatagram) {
        if (!frame.hasMemoryAddress()) {
            return false;
        }
        final int n = segmenter.plan(frame, offset, length, vnetHdr);
        final int size = segmenter.datagramLength();
        if (n == 0 || size > maxDatagram) {
            return false;
        }
        flush();
        final int header = segmenter.datagramHeaderLength();
        final long base = frame.memoryAddress();
        for (int i = 0; i < n; i++) {
            final int h = i * Segmenter.MAX_DATAGRAM_HEADER;
            segmenter.writeHeader(frame, offset, i, headers, h);
            final int iov = gsoIov + 2 * i * IOV;
            meta.setLongLE(iov, headersAddress + h);
            meta.setLongLE(iov + 8, header);
            meta.setLongLE(iov + IOV, base + segmenter.payloadOffset(offset, i));
            meta.setLongLE(iov + IOV + 8, segmenter.payloadLength(i));
        }
        final int perMessage = Math.min(GSO_SEGMENTS, GSO_BYTES / size);
        int messages = 0;
        for (int first = 0; first < n; first += perMessage) {
            final int segs = Math.min(perMessage, n - first);
            final int d = gsoDescriptors + messages * D;
            meta.setLongLE(d, peer);
            meta.setIntLE(d + 8, peerLength);
            meta.setIntLE(d + 12, 2 * segs);
            meta.setLongLE(d + 16, metaAddress + gsoIov + 2 * first * IOV);
            meta.setIntLE(d + 24, segs > 1 ? size : 0);
            messages++;
        }
        final int sent = socket.sendBatch(metaAddress + gsoDescriptors, messages);
        if (sent == messages) {
            owner.counters().sent(length);
            telemetry.counter(SystemCounter.GSO_SEGMENTS).getAndAddRelease(n);
        } else {
            if (sent < 0) {
                countError(-sent, 1);
            } else {
                telemetry.increment(SystemCounter.BACKPRESSURE_DROPS);
            }
            owner.counters().dropped();
        }
        return true;
    }

    /**
     * Cuts a TCP or UDP super-frame as {@link #sendSegments} does, but copies each segment into the
     * batch and seals it there (a sealed datagram cannot point at the frame's payload): the
     * segments leave with the batch, equal-size ones sharing {@code UDP_SEGMENT} messages. Each
     * segment counts as one frame sent.
     *
     * @param maxDatagram largest vnet message (before sealing) the underlay carries without fragmentation
     * @return false, having sent nothing, when the frame cannot be cut so that its messages fit {@code maxDatagram}
     */
    boolean sealSegments(final LinkPort owner, final long peer, final int peerLength, final ByteBuf frame,
                         final int offset, final int length, final int vnetHdr, final int maxDatagram,
                         final Sealer sealer) {
        final int n = segmenter.plan(frame, offset, length, vnetHdr);
        if (n == 0 || segmenter.datagramLength() > maxDatagram) {
            return false;
        }
        final int header = segmenter.datagramHeaderLength();
        for (int i = 0; i < n; i++) {
            final int payload = segmenter.payloadLength(i);
            final int message = header + payload;
            final ByteBuf b = reserve(SealedHeader.OVERHEAD + message);
            final int at = used + SealedHeader.LENGTH;
            segmenter.writeHeader(frame, offset, i, b, at);
            b.setBytes(at + header, frame, segmenter.payloadOffset(offset, i), payload);
            commit(owner, peer, peerLength, sealer.seal(b, at, message, b, used), payload);
        }
        telemetry.counter(SystemCounter.GSO_SEGMENTS).getAndAddRelease(n);
        return true;
    }

    private void countError(final int errno, final int datagrams) {
        if (errno == Errno.EAGAIN) {
            telemetry.increment(SystemCounter.BACKPRESSURE_DROPS);
        } else {
            telemetry.counter(SystemCounter.UDP_SEND_ERRORS).getAndAddRelease(datagrams);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            batch.release();
            headers.release();
            meta.release();
        }
    }
}
