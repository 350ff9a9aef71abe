package org.vnet.daemon.offload;

import io.netty.buffer.ByteBuf;

import org.vnet.daemon.wire.Checksums;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.daemon.wire.TcpHeaders;
import org.vnet.daemon.wire.VirtioNetHeader;
import org.vnet.inference.packet.IpProtocol;
import org.vnet.inference.packet.Tcp;
import org.vnet.inference.packet.Udp;

/**
 * Cuts a TCP super-frame (a TAP read with {@code gso_type} TCPV4 or TCPV6) into MSS-sized frames,
 * as a NIC's TSO would, or a UDP one ({@code gso_type} UDP_L4, from a sender using
 * {@code UDP_SEGMENT}, or joined by a peer's {@link Coalescer}) into its datagrams, as USO would,
 * but leaves the transport checksums partial: each segment travels as one DATA
 * datagram {@code [frame header, flag VNET_HDR][virtio_net_hdr NEEDS_CSUM][headers][payload]}, and
 * the peer's TAP (or its coalescer) takes the checksum as verified or finishes it. Only the headers
 * are written here; the payload stays where the TAP put it and leaves by iovec: no payload byte is
 * copied.
 *
 * <p>Per segment: IPv4 total length, identification (+ index) and header checksum, or the IPv6
 * payload length; TCP sequence number (+ index x MSS); FIN and PSH only on the last segment, CWR
 * only on the first (UDP: the length); the checksum field set to the pseudo-header sum for the
 * segment's length.
 * Call {@link #plan} then {@link #writeHeader} for each segment. Data-plane thread only.
 */
public final class Segmenter {
    /** Super-frames needing more segments than this are not cut (sent whole instead). */
    public static final int MAX_SEGMENTS = 256;
    /** Room for one segment's datagram header: frame header, vnet header, Ethernet + VLAN + IP + TCP. */
    public static final int MAX_DATAGRAM_HEADER = FrameHeader.LENGTH + VirtioNetHeader.LENGTH + 18 + 60 + 60;

    private final TcpHeaders h = new TcpHeaders();
    private int mss;
    private int segments;
    private int payload;
    private long pseudo;
    private int ipId;
    private int seq;
    private int flags;

    /**
     * Plans the cut of {@code frame[offset, offset + length)} whose vnet header is at {@code vnetHdr}.
     *
     * @return the number of segments, or 0 when this is not a TCP or UDP super-frame that can be cut
     */
    public int plan(final ByteBuf frame, final int offset, final int length, final int vnetHdr) {
        final int gso = frame.getUnsignedByte(vnetHdr + VirtioNetHeader.GSO_TYPE_OFFSET) & ~VirtioNetHeader.GSO_ECN;
        mss = frame.getUnsignedShortLE(vnetHdr + VirtioNetHeader.GSO_SIZE_OFFSET);
        if (mss == 0) {
            return 0;
        }
        if (gso == VirtioNetHeader.GSO_UDP_L4) {
            if (!h.parse(frame, offset, length, IpProtocol.UDP)) {
                return 0;
            }
        } else if ((gso != VirtioNetHeader.GSO_TCPV4 && gso != VirtioNetHeader.GSO_TCPV6)
            || !h.parse(frame, offset, length) || h.v6 != (gso == VirtioNetHeader.GSO_TCPV6)) {
            return 0;
        }
        payload = length - h.headerLength;
        segments = (payload + mss - 1) / mss;
        if (segments == 0 || segments > MAX_SEGMENTS) {
            return 0;
        }
        pseudo = h.pseudoSum(frame, offset);
        ipId = h.v6 ? 0 : frame.getUnsignedShort(offset + h.l3 + 4);
        if (h.proto == IpProtocol.TCP) {
            seq = frame.getInt(offset + h.l4 + 4);
            flags = frame.getUnsignedByte(offset + h.l4 + 13);
        }
        return segments;
    }

    /** Segments of the last plan. */
    public int segments() {
        return segments;
    }

    /** Bytes of a datagram's header (frame header, vnet header, Ethernet/IP/TCP headers). */
    public int datagramHeaderLength() {
        return FrameHeader.LENGTH + VirtioNetHeader.LENGTH + h.headerLength;
    }

    /** Bytes of every datagram but the last: the {@code UDP_SEGMENT} size. */
    public int datagramLength() {
        return datagramHeaderLength() + mss;
    }

    /** Payload bytes of segment {@code i}. */
    public int payloadLength(final int i) {
        return Math.min(mss, payload - i * mss);
    }

    /** Offset in the frame's buffer of segment {@code i}'s payload, for a frame at {@code offset}. */
    public int payloadOffset(final int offset, final int i) {
        return offset + h.headerLength + i * mss;
    }

    /**
     * Writes segment {@code i}'s datagram header ({@link #datagramHeaderLength()} bytes) at {@code out[at]}.
     */
    public void writeHeader(final ByteBuf frame, final int offset, final int i, final ByteBuf out, final int at) {
        final int seg = payloadLength(i);
        final int l4Length = h.headerLength - h.l4 + seg;
        out.setShort(at + FrameHeader.MAGIC_OFFSET, FrameHeader.MAGIC);
        out.setByte(at + FrameHeader.VERSION_OFFSET, FrameHeader.VERSION);
        out.setByte(at + FrameHeader.TYPE_OFFSET, FrameHeader.TYPE_DATA);
        out.setByte(at + FrameHeader.FLAGS_OFFSET, FrameHeader.FLAG_VNET_HDR);
        out.setByte(at + FrameHeader.RESERVED_OFFSET, 0);
        out.setShort(at + FrameHeader.LENGTH_OFFSET, VirtioNetHeader.LENGTH + h.headerLength + seg);
        final int v = at + FrameHeader.LENGTH;
        out.setByte(v + VirtioNetHeader.FLAGS_OFFSET, VirtioNetHeader.F_NEEDS_CSUM);
        out.setByte(v + VirtioNetHeader.GSO_TYPE_OFFSET, VirtioNetHeader.GSO_NONE);
        out.setShortLE(v + VirtioNetHeader.HDR_LEN_OFFSET, h.headerLength);
        out.setShortLE(v + VirtioNetHeader.GSO_SIZE_OFFSET, 0);
        out.setShortLE(v + VirtioNetHeader.CSUM_START_OFFSET, h.l4);
        final boolean udp = h.proto == IpProtocol.UDP;
        out.setShortLE(v + VirtioNetHeader.CSUM_OFFSET_OFFSET, udp ? Udp.CHECKSUM_OFFSET : Tcp.CHECKSUM_OFFSET);
        final int f = v + VirtioNetHeader.LENGTH;
        out.setBytes(f, frame, offset, h.headerLength);
        if (!h.v6) {
            out.setShort(f + h.l3 + 4, ipId + i);
        }
        h.setIpLength(out, f, l4Length);
        if (udp) {
            out.setShort(f + h.l4 + 4, l4Length);
            out.setShort(f + h.l4 + Udp.CHECKSUM_OFFSET, Checksums.fold(pseudo + l4Length));
            return;
        }
        out.setInt(f + h.l4 + 4, seq + i * mss);
        int fl = flags;
        if (i != segments - 1) {
            fl &= ~(Tcp.FIN | Tcp.PSH);
        }
        if (i != 0) {
            fl &= ~Tcp.CWR;
        }
        out.setByte(f + h.l4 + 13, fl);
        out.setShort(f + h.l4 + Tcp.CHECKSUM_OFFSET, Checksums.fold(pseudo + l4Length));
    }
}
