package org.vnet.daemon.offload;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.internal.PlatformDependent;
import org.agrona.concurrent.status.AtomicCounter;

import org.vnet.daemon.switching.FrameSink;
import org.vnet.daemon.switching.Port;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.wire.Checksums;
import org.vnet.daemon.wire.TcpHeaders;
import org.vnet.daemon.wire.VirtioNetHeader;
import org.vnet.inference.packet.IpProtocol;
import org.vnet.inference.packet.Tcp;
import org.vnet.inference.packet.Udp;

/**
 * Joins consecutive TCP segments of one flow, as a UDP GRO read returns them, back into one
 * super-frame with a GSO {@code virtio_net_hdr}, so that the receiving TAP takes one write (and
 * the VM's stack one skb) instead of one per segment: the software twin of the kernel's GRO.
 * Consecutive equal-size UDP datagrams of one flow are joined the same way into one USO
 * super-frame ({@code gso_type} UDP_L4, at most {@link #MAX_UDP_SEGMENTS}), which the kernel cuts
 * back into the same datagrams behind the TAP: one write for a burst of small datagrams (when
 * the daemon's {@code vnet.udp.uso} setting asks for it).
 *
 * <p>A segment joins the pending super-frame when it came from the same port, carries a partial
 * checksum (NEEDS_CSUM, as {@link Segmenter} sends them), has the same Ethernet/IP/TCP headers
 * but for the lengths, IP id and checksums, TCP sequence, PSH and checksum, starts at the next
 * sequence number, carries exactly the first segment's payload length (or less, which ends the
 * super-frame), and only ACK or ACK|PSH flags (PSH ends it). Anything else first flushes what is
 * pending, so frames leave in the order they came. Call {@link #flush()} at the end of each read
 * burst. A UDP datagram joins when it has the same headers but for the lengths, IP id and
 * checksums, a partial checksum, and exactly the first one's payload length (or less, which ends
 * the super-frame). Data-plane thread only; allocates nothing per frame.
 */
public final class Coalescer implements FrameSink, AutoCloseable {
    /** Largest super-frame built: a 64 KiB IP packet behind an Ethernet header. */
    public static final int MAX_FRAME = 14 + 4 + 65_535;
    /** Most datagrams in one UDP super-frame (the kernel's {@code UDP_MAX_SEGMENTS} of older kernels). */
    public static final int MAX_UDP_SEGMENTS = 64;
    private static final int ALLOWED_FLAGS = Tcp.ACK | Tcp.PSH;

    private final Switch sw;
    /** Whether UDP datagrams are joined too. */
    private final boolean joinUdp;
    private final AtomicCounter counter;
    private final ByteBuf buf = Unpooled.directBuffer(VirtioNetHeader.LENGTH + MAX_FRAME);
    private final long ownAddress = buf.memoryAddress();
    private final TcpHeaders h = new TcpHeaders();
    private final TcpHeaders next = new TcpHeaders();
    private Port port;
    private int count;
    private int length;
    private int mss;
    private int nextSeq;
    private boolean closed;
    private long coalesced;
    private long superFrames;

    /**
     * @param sw      where super-frames (and segments that join none) go
     * @param joinUdp whether equal UDP datagrams are joined too, not only TCP segments
     */
    public Coalescer(final Switch sw, final boolean joinUdp) {
        this(sw, joinUdp, null);
    }

    /**
     * @param sw      where super-frames (and segments that join none) go
     * @param joinUdp whether equal UDP datagrams are joined too, not only TCP segments
     * @param counter counts the segments joined into super-frames (readable from outside), or null
     */
    public Coalescer(final Switch sw, final boolean joinUdp, final AtomicCounter counter) {
        this.sw = sw;
        this.joinUdp = joinUdp;
        this.counter = counter;
    }

    /**
     * Offers the frame {@code frame[offset, offset + length)} with its vnet header at {@code vnetHdr}
     * (or -1) that arrived on {@code ingress}; it is either joined, started as a new super-frame, or
     * switched at once (after whatever was pending).
     */
    @Override
    public void onFrame(final Port ingress, final ByteBuf frame, final int offset, final int frameLength,
                        final int vnetHdr, final long nowMillis) {
        if (vnetHdr < 0 || !isSegment(frame, offset, frameLength, vnetHdr)) {
            flush(nowMillis);
            sw.onFrame(ingress, frame, offset, frameLength, vnetHdr, nowMillis);
            return;
        }
        final int payload = frameLength - next.headerLength;
        if (count > 0 && (ingress != port || !joins(frame, offset, payload))) {
            flush(nowMillis);
        }
        if (count == 0) {
            start(ingress, frame, offset, frameLength, vnetHdr, payload);
        } else {
            buf.setBytes(VirtioNetHeader.LENGTH + length, frame, offset + next.headerLength, payload);
            length += payload;
            nextSeq += payload;
            count++;
            if (h.proto == IpProtocol.TCP && pushed(frame, offset)) {
                final int at = VirtioNetHeader.LENGTH + h.l4 + 13;
                buf.setByte(at, buf.getUnsignedByte(at) | Tcp.PSH);
            }
        }
        final boolean udp = h.proto == IpProtocol.UDP;
        if (payload < mss || (udp ? count == MAX_UDP_SEGMENTS : pushed(frame, offset))
            || length + mss > MAX_FRAME || length - (h.v6 ? h.l4 : h.l3) + mss > 65_535) {
            flush(nowMillis);
        }
    }

    private boolean pushed(final ByteBuf frame, final int offset) {
        return (frame.getUnsignedByte(offset + next.l4 + 13) & Tcp.PSH) != 0;
    }

    private boolean isSegment(final ByteBuf frame, final int offset, final int frameLength, final int vnetHdr) {
        if (frame.getUnsignedByte(vnetHdr + VirtioNetHeader.FLAGS_OFFSET) != VirtioNetHeader.F_NEEDS_CSUM
            || frame.getUnsignedByte(vnetHdr + VirtioNetHeader.GSO_TYPE_OFFSET) != VirtioNetHeader.GSO_NONE) {
            return false;
        }
        final int csumOffset = frame.getUnsignedShortLE(vnetHdr + VirtioNetHeader.CSUM_OFFSET_OFFSET);
        final int proto = csumOffset == Tcp.CHECKSUM_OFFSET ? IpProtocol.TCP
            : csumOffset == Udp.CHECKSUM_OFFSET && joinUdp ? IpProtocol.UDP : -1;
        if (proto < 0 || !next.parse(frame, offset, frameLength, proto)
            || frame.getUnsignedShortLE(vnetHdr + VirtioNetHeader.CSUM_START_OFFSET) != next.l4
            || frameLength == next.headerLength) {
            return false;
        }
        if (proto == IpProtocol.UDP) {
            // the UDP length must be the datagram's: anything else is left alone
            return frame.getUnsignedShort(offset + next.l4 + 4) == frameLength - next.l4;
        }
        final int fl = frame.getUnsignedByte(offset + next.l4 + 13);
        return (fl & Tcp.ACK) != 0 && (fl & ~ALLOWED_FLAGS) == 0;
    }

    private boolean joins(final ByteBuf frame, final int offset, final int payload) {
        if (next.proto != h.proto || next.headerLength != h.headerLength || next.l3 != h.l3 || next.v6 != h.v6
            || payload > mss) {
            return false;
        }
        final boolean udp = h.proto == IpProtocol.UDP;
        if (!udp && frame.getInt(offset + next.l4 + 4) != nextSeq) {
            return false;
        }
        final int b = VirtioNetHeader.LENGTH;
        final int l3 = h.l3;
        final int l4 = h.l4;
        // Ethernet header and IP version/class words
        if (!same(frame, offset, b, l3 + 2)) {
            return false;
        }
        if (h.v6) {
            // flow label words, then next header, hop limit and both addresses
            if (!same(frame, offset + l3 + 2, b + l3 + 2, 2) || !same(frame, offset + l3 + 6, b + l3 + 6, 34)) {
                return false;
            }
        } else if (!same(frame, offset + l3 + 6, b + l3 + 6, 4) || !same(frame, offset + l3 + 12, b + l3 + 12, 8)
            || !same(frame, offset + l3 + 20, b + l3 + 20, l4 - l3 - 20)) {
            // flags, fragment offset, TTL, protocol; addresses; options
            return false;
        }
        if (udp) {
            return same(frame, offset + l4, b + l4, 4);
        }
        // ports, then ack number, data offset, window, urgent pointer and options; flags apart
        return same(frame, offset + l4, b + l4, 4) && same(frame, offset + l4 + 8, b + l4 + 8, 5)
            && same(frame, offset + l4 + 14, b + l4 + 14, 2) && same(frame, offset + l4 + 18, b + l4 + 18,
            h.headerLength - l4 - 18);
    }

    private boolean same(final ByteBuf frame, final int at, final int mine, final int n) {
        if (!frame.hasMemoryAddress()) {
            for (int i = 0; i < n; i++) {
                if (frame.getByte(at + i) != buf.getByte(mine + i)) {
                    return false;
                }
            }
            return true;
        }
        // raw memory: no index or reference-count checks per word (the header was bounds-checked by parse)
        final long a = frame.memoryAddress() + at;
        final long b = ownAddress + mine;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            if (PlatformDependent.getLong(a + i) != PlatformDependent.getLong(b + i)) {
                return false;
            }
        }
        for (; i < n; i++) {
            if (PlatformDependent.getByte(a + i) != PlatformDependent.getByte(b + i)) {
                return false;
            }
        }
        return true;
    }

    private void start(final Port ingress, final ByteBuf frame, final int offset, final int frameLength,
                       final int vnetHdr, final int payload) {
        port = ingress;
        h.l3 = next.l3;
        h.l4 = next.l4;
        h.headerLength = next.headerLength;
        h.v6 = next.v6;
        h.proto = next.proto;
        buf.setBytes(0, frame, vnetHdr, VirtioNetHeader.LENGTH);
        buf.setBytes(VirtioNetHeader.LENGTH, frame, offset, frameLength);
        length = frameLength;
        mss = payload;
        nextSeq = h.proto == IpProtocol.TCP ? frame.getInt(offset + h.l4 + 4) + payload : 0;
        count = 1;
    }

    /** Switches whatever is pending. */
    public void flush(final long nowMillis) {
        if (count == 0) {
            return;
        }
        if (count > 1) {
            final int f = VirtioNetHeader.LENGTH;
            final int l4Length = length - h.l4;
            final boolean udp = h.proto == IpProtocol.UDP;
            buf.setByte(VirtioNetHeader.GSO_TYPE_OFFSET, udp ? VirtioNetHeader.GSO_UDP_L4
                : h.v6 ? VirtioNetHeader.GSO_TCPV6 : VirtioNetHeader.GSO_TCPV4);
            buf.setShortLE(VirtioNetHeader.HDR_LEN_OFFSET, h.headerLength);
            buf.setShortLE(VirtioNetHeader.GSO_SIZE_OFFSET, mss);
            h.setIpLength(buf, f, l4Length);
            if (udp) {
                buf.setShort(f + h.l4 + 4, l4Length);
            }
            buf.setShort(f + h.l4 + (udp ? Udp.CHECKSUM_OFFSET : Tcp.CHECKSUM_OFFSET),
                Checksums.fold(h.pseudoSum(buf, f) + l4Length));
            coalesced += count;
            superFrames++;
            if (counter != null) {
                counter.getAndAddRelease(count);
            }
        }
        final Port p = port;
        count = 0;
        port = null;
        sw.onFrame(p, buf, VirtioNetHeader.LENGTH, length, 0, nowMillis);
    }

    /** Segments joined into super-frames so far (a segment left alone is not counted). */
    public long coalesced() {
        return coalesced;
    }

    /** Super-frames built so far. */
    public long superFrames() {
        return superFrames;
    }

    /** Forgets a pending super-frame of {@code removed} (the port is going away). */
    public void forget(final Port removed) {
        if (port == removed) {
            count = 0;
            port = null;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            buf.release();
        }
    }
}
