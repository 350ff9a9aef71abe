package org.vnet.daemon.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import org.agrona.concurrent.UnsafeBuffer;

import org.vnet.daemon.link.seal.SealedHeader;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.telemetry.PortCounters;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.Checksums;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.daemon.wire.VirtioNetHeader;
import org.vnet.nativeio.UdpSocket;

/**
 * A UDP link on the native fast path. A TCP or UDP super-frame leaves as MSS-sized segments with UDP GSO
 * (each with a partial checksum and its vnet header); a frame with a partial checksum keeps its
 * vnet header when the datagram still fits the underlay (else the checksum is finished here); every
 * other frame is one plain DATA datagram. Whole datagrams are batched until the burst ends. On a
 * {@code security: aead} link each datagram is sealed in place in the batch, segments too: a
 * super-frame's segments are copied into the batch, sealed one by one, and still leave as
 * {@code UDP_SEGMENT} messages when their sizes are equal.
 */
final class NativeUdpLinkPort extends LinkPort {
    private static final byte[] NO_PAYLOAD = new byte[0];
    private final PeerLiveness liveness = new PeerLiveness();
    private final UdpSender sender;
    private final UnsafeBuffer peer = new UnsafeBuffer(UdpSocket.directBuffer(UdpSocket.SOCKADDR_LENGTH));
    private final long peerAddress = peer.addressOffset();
    private final int peerLength;
    private final int maxDatagram;
    private final LinkSeal seal;
    /** Room before a message for the sealed prefix, and after it for the tag: 0 on a plain link. */
    private final int before;
    private final int overhead;
    private boolean pending;

    /** @param seal the sealing of a {@code security: aead} link, null for a plain one */
    NativeUdpLinkPort(final int id, final LinkSpec spec, final int maxFrame, final PortCounters counters,
                      final Telemetry telemetry, final UdpSender sender, final boolean v6Socket, final LinkSeal seal) {
        super(id, spec, maxFrame, counters, telemetry);
        this.sender = sender;
        this.peerLength = UdpSocket.sockaddr(spec.peer(), peer, 0, v6Socket);
        this.maxDatagram = maxFrame + FrameHeader.LENGTH;
        this.seal = seal;
        this.before = seal == null ? 0 : SealedHeader.LENGTH;
        this.overhead = seal == null ? 0 : SealedHeader.OVERHEAD;
    }

    /** The link's sealing, or null when it is plain. */
    LinkSeal seal() {
        return seal;
    }

    /** The peer's sockaddr, as the socket reports senders. */
    UnsafeBuffer peer() {
        return peer;
    }

    @Override
    public void send(final ByteBuf frame, final int offset, final int length, final int vnetHdr) {
        final boolean offloaded = vnetHdr >= 0 && !VirtioNetHeader.isTrivial(frame, vnetHdr);
        if (offloaded && VirtioNetHeader.isGso(frame, vnetHdr)) {
            pending = true;
            final boolean cut = seal == null
                ? sender.sendSegments(this, peerAddress, peerLength, frame, offset, length, vnetHdr, maxDatagram)
                : sender.sealSegments(this, peerAddress, peerLength, frame, offset, length, vnetHdr, maxDatagram,
                    seal.sealer());
            if (!cut) {
                // not cut (neither TCP nor UDP, or segments would not fit): one datagram that IP fragments
                whole(frame, offset, length, vnetHdr, maxMessage());
            }
            return;
        }
        if (offloaded && VirtioNetHeader.needsChecksum(frame, vnetHdr)
            && FrameHeader.LENGTH + VirtioNetHeader.LENGTH + length <= maxDatagram) {
            whole(frame, offset, length, vnetHdr, maxDatagram);
            return;
        }
        plain(frame, offset, length, offloaded && VirtioNetHeader.needsChecksum(frame, vnetHdr) ? vnetHdr : -1);
    }

    /** One DATA datagram without vnet header; a partial checksum (header at {@code finish} >= 0) is finished first. */
    private void plain(final ByteBuf frame, final int offset, final int length, final int finish) {
        if (length > maxFrame()) {
            oversized();
            return;
        }
        final ByteBuf b = sender.reserve(overhead + FrameHeader.LENGTH + length);
        final int at = sender.reservedIndex() + before;
        b.setBytes(at + FrameHeader.LENGTH, frame, offset, length);
        if (finish >= 0 && !Checksums.complete(b, at + FrameHeader.LENGTH, length,
            VirtioNetHeader.checksumStart(frame, finish), VirtioNetHeader.checksumOffset(frame, finish))) {
            telemetry.increment(SystemCounter.MALFORMED_MESSAGES);
            counters().dropped();
            return;
        }
        header(b, at, 0, length);
        sender.commit(this, peerAddress, peerLength, sealed(b, at, FrameHeader.LENGTH + length), length);
        pending = true;
    }

    /** Seals the message {@code b[at, at + length)} in place on a sealed link; returns the datagram's length. */
    private int sealed(final ByteBuf b, final int at, final int length) {
        return seal == null ? length : seal.sealer().seal(b, at, length, b, at - SealedHeader.LENGTH);
    }

    private void whole(final ByteBuf frame, final int offset, final int length, final int vnetHdr, final int limit) {
        final int size = FrameHeader.LENGTH + VirtioNetHeader.LENGTH + length;
        if (size > limit) {
            oversized();
            return;
        }
        final ByteBuf b = sender.reserve(overhead + size);
        final int at = sender.reservedIndex() + before;
        header(b, at, FrameHeader.FLAG_VNET_HDR, VirtioNetHeader.LENGTH + length);
        b.setBytes(at + FrameHeader.LENGTH, frame, vnetHdr, VirtioNetHeader.LENGTH);
        b.setBytes(at + FrameHeader.LENGTH + VirtioNetHeader.LENGTH, frame, offset, length);
        sender.commit(this, peerAddress, peerLength, sealed(b, at, size), length);
        pending = true;
    }

    private static void header(final ByteBuf b, final int at, final int flags, final int payload) {
        b.setShort(at + FrameHeader.MAGIC_OFFSET, FrameHeader.MAGIC);
        b.setByte(at + FrameHeader.VERSION_OFFSET, FrameHeader.VERSION);
        b.setByte(at + FrameHeader.TYPE_OFFSET, FrameHeader.TYPE_DATA);
        b.setByte(at + FrameHeader.FLAGS_OFFSET, flags);
        b.setByte(at + FrameHeader.RESERVED_OFFSET, 0);
        b.setShort(at + FrameHeader.LENGTH_OFFSET, payload);
    }

    private void oversized() {
        telemetry.increment(SystemCounter.OVERSIZE_FRAMES);
        counters().dropped();
    }

    @Override
    protected boolean carriesChecksumOffload() {
        return true;
    }

    @Override
    protected int maxMessage() {
        return 65_507 - overhead;
    }

    @Override
    protected ByteBufAllocator allocator() {
        return PooledByteBufAllocator.DEFAULT;
    }

    /** A control message (SUMMARY): copied into the batch; {@code msg} is released. */
    @Override
    protected boolean write(final ByteBuf msg) {
        final int n = msg.readableBytes();
        final ByteBuf b = sender.reserve(overhead + n);
        final int at = sender.reservedIndex() + before;
        b.setBytes(at, msg, msg.readerIndex(), n);
        msg.release();
        sender.commit(null, peerAddress, peerLength, sealed(b, at, n), 0);
        pending = true;
        return true;
    }

    @Override
    public void flush() {
        if (pending) {
            pending = false;
            sender.flush();
        }
    }

    @Override
    public String state() {
        return liveness.alive(System.currentTimeMillis()) ? "up" : "down";
    }

    @Override
    protected boolean canSendControl() {
        return true;
    }

    /** A valid message from the peer arrived (data-plane thread). */
    void heard(final long nowMillis) {
        liveness.heard(nowMillis);
    }

    /** Sends a KEEPALIVE, whatever the link's state: the peer learns this end is alive from it. */
    void keepalive() {
        sendControl(FrameHeader.TYPE_KEEPALIVE, NO_PAYLOAD);
    }

    @Override
    public void close() {
        // the socket belongs to the NativeUdpEndpoint
    }
}
