package org.vnet.daemon.wire;

import io.netty.buffer.ByteBuf;


/**
 * Where the IP and TCP (or UDP) headers of an Ethernet frame are, for the segmenter and the
 * coalescer. {@link #parse} fills the fields (offsets from the frame's first byte); it accepts IPv4
 * without fragmentation and IPv6 without extension headers, with an optional 802.1Q tag, carrying
 * TCP, or UDP with {@link #parse(ByteBuf, int, int, int)}.
 */
public final class TcpHeaders {
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    /** Offset of the checksum in a UDP header. */
    public static final int UDP_CHECKSUM = 6;
    /** Length of a UDP header. */
    public static final int UDP_HEADER = 8;
    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;
    public static final int TCP_URG = 0x20;
    public static final int TCP_ECE = 0x40;
    public static final int TCP_CWR = 0x80;
    /** Offset of the checksum in a TCP header (the {@code csum_offset} of a partial checksum). */
    public static final int TCP_CHECKSUM = 16;

    /** Offset of the IP header. */
    public int l3;
    /** Offset of the TCP header. */
    public int l4;
    /** Length of all headers (Ethernet, IP, TCP); the payload starts here. */
    public int headerLength;
    /** IPv6 rather than IPv4. */
    public boolean v6;
    /** The transport protocol parsed ({@link #PROTO_TCP} or {@link #PROTO_UDP}). */
    public int proto = PROTO_TCP;

    /** @return true if {@code frame[at, at + length)} is TCP over IPv4 or IPv6 with room for its headers */
    public boolean parse(final ByteBuf frame, final int at, final int length) {
        return parse(frame, at, length, PROTO_TCP);
    }

    /**
     * @param protocol {@link #PROTO_TCP} or {@link #PROTO_UDP}
     * @return true if {@code frame[at, at + length)} carries {@code protocol} over IPv4 or IPv6 with room for its
     *     headers
     */
    public boolean parse(final ByteBuf frame, final int at, final int length, final int protocol) {
        if (length < 14 + 20 + (protocol == PROTO_TCP ? 20 : UDP_HEADER)) {
            return false;
        }
        int type = frame.getUnsignedShort(at + 12);
        int l = 14;
        if (type == ETHERTYPE_VLAN) {
            type = frame.getUnsignedShort(at + 16);
            l = 18;
        }
        final int ipLength;
        if (type == ETHERTYPE_IPV4) {
            final int vl = frame.getUnsignedByte(at + l);
            ipLength = (vl & 0x0F) * 4;
            if ((vl >>> 4) != 4 || ipLength < 20 || frame.getUnsignedByte(at + l + 9) != protocol
                || (frame.getUnsignedShort(at + l + 6) & 0x3FFF) != 0) {
                return false;
            }
            v6 = false;
        } else if (type == ETHERTYPE_IPV6) {
            if ((frame.getUnsignedByte(at + l) >>> 4) != 6 || frame.getUnsignedByte(at + l + 6) != protocol) {
                return false;
            }
            ipLength = 40;
            v6 = true;
        } else {
            return false;
        }
        l3 = l;
        l4 = l + ipLength;
        proto = protocol;
        if (protocol == PROTO_UDP) {
            headerLength = l4 + UDP_HEADER;
            return headerLength <= length;
        }
        if (l4 + 20 > length) {
            return false;
        }
        final int tcpLength = (frame.getUnsignedByte(at + l4 + 12) >>> 4) * 4;
        headerLength = l4 + tcpLength;
        return tcpLength >= 20 && headerLength <= length;
    }

    /** One's complement sum of the pseudo header's addresses and protocol (no length), not folded. */
    public long pseudoSum(final ByteBuf frame, final int at) {
        return v6 ? Checksums.sum(frame, at + l3 + 8, at + l3 + 40) + proto
            : Checksums.sum(frame, at + l3 + 12, at + l3 + 20) + proto;
    }

    /**
     * Sets the IP length field(s) of the frame at {@code at} for {@code l4Length} bytes of TCP (or
     * UDP) header and payload, and the IPv4 header checksum.
     */
    public void setIpLength(final ByteBuf frame, final int at, final int l4Length) {
        if (v6) {
            frame.setShort(at + l3 + 4, l4Length);
        } else {
            frame.setShort(at + l3 + 2, l4 - l3 + l4Length);
            frame.setShort(at + l3 + 10, 0);
            frame.setShort(at + l3 + 10, ~Checksums.fold(Checksums.sum(frame, at + l3, at + l4)) & 0xFFFF);
        }
    }
}
