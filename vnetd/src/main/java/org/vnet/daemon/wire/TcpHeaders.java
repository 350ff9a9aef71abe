package org.vnet.daemon.wire;

import io.netty.buffer.ByteBuf;

import org.vnet.inference.packet.FrameParser;
import org.vnet.inference.packet.IpProtocol;
import org.vnet.inference.packet.Ipv4;
import org.vnet.inference.packet.Ipv6;

/**
 * Where the IP and TCP (or UDP) headers of an Ethernet frame are, for the segmenter and the
 * coalescer, found by the shared {@link FrameParser} over the frame in place. {@link #parse} fills
 * the fields (offsets from the frame's first byte); it accepts IPv4 without fragmentation and IPv6
 * without extension headers, with up to two VLAN tags, carrying TCP, or UDP with
 * {@link #parse(ByteBuf, int, int, int)}. Allocation-free; one instance per thread.
 */
public final class TcpHeaders {
    private static final int REJECTED = FrameParser.TRUNCATED | FrameParser.MALFORMED | FrameParser.FRAGMENT
        | FrameParser.FIRST_FRAGMENT;

    private final FrameParser parser = new FrameParser();
    private final ByteBufView view = new ByteBufView();

    /** Offset of the IP header. */
    public int l3;
    /** Offset of the TCP header. */
    public int l4;
    /** Length of all headers (Ethernet, IP, TCP); the payload starts here. */
    public int headerLength;
    /** IPv6 rather than IPv4. */
    public boolean v6;
    /** The transport protocol parsed ({@link IpProtocol#TCP} or {@link IpProtocol#UDP}). */
    public int proto = IpProtocol.TCP;

    /** @return true if {@code frame[at, at + length)} is TCP over IPv4 or IPv6 with room for its headers */
    public boolean parse(final ByteBuf frame, final int at, final int length) {
        return parse(frame, at, length, IpProtocol.TCP);
    }

    /**
     * @param protocol {@link IpProtocol#TCP} or {@link IpProtocol#UDP}
     * @return true if {@code frame[at, at + length)} carries {@code protocol} over IPv4 or IPv6 with room for its
     *     headers
     */
    public boolean parse(final ByteBuf frame, final int at, final int length, final int protocol) {
        if (!view.wrap(frame, at, length)) {
            return false;
        }
        final int flags = parser.parse(view.buffer(), 0, length);
        final boolean ipv6 = (flags & FrameParser.IPV6) != 0;
        if ((flags & FrameParser.L4) == 0 || (flags & REJECTED) != 0 || parser.protocol() != protocol
            || ipv6 && parser.l4Offset() != parser.l3Offset() + Ipv6.HEADER_LENGTH
            || parser.payloadOffset() > length) {
            return false;
        }
        l3 = parser.l3Offset();
        l4 = parser.l4Offset();
        headerLength = parser.payloadOffset();
        v6 = ipv6;
        proto = protocol;
        return true;
    }

    /** One's complement sum of the pseudo header's addresses and protocol (no length), not folded. */
    public long pseudoSum(final ByteBuf frame, final int at) {
        return v6
            ? Checksums.sum(frame, at + l3 + Ipv6.SRC_ADDRESS_OFFSET, at + l3 + Ipv6.HEADER_LENGTH) + proto
            : Checksums.sum(frame, at + l3 + Ipv4.SRC_ADDRESS_OFFSET, at + l3 + Ipv4.MIN_HEADER_LENGTH) + proto;
    }

    /**
     * Sets the IP length field(s) of the frame at {@code at} for {@code l4Length} bytes of TCP (or
     * UDP) header and payload, and the IPv4 header checksum.
     */
    public void setIpLength(final ByteBuf frame, final int at, final int l4Length) {
        if (v6) {
            frame.setShort(at + l3 + Ipv6.PAYLOAD_LENGTH_OFFSET, l4Length);
        } else {
            frame.setShort(at + l3 + Ipv4.TOTAL_LENGTH_OFFSET, l4 - l3 + l4Length);
            frame.setShort(at + l3 + Ipv4.CHECKSUM_OFFSET, 0);
            frame.setShort(at + l3 + Ipv4.CHECKSUM_OFFSET,
                ~Checksums.fold(Checksums.sum(frame, at + l3, at + l4)) & 0xFFFF);
        }
    }
}
