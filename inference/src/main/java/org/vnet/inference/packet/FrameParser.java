package org.vnet.inference.packet;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * The one frame parser: finds where the headers of an Ethernet frame (up to two VLAN tags, IPv4 or IPv6 with its
 * extension headers, TCP, UDP or ICMP) are, with what the IP and transport length fields declare. A reusable
 * flyweight: each parse overwrites the results. Never throws, never allocates, reads no byte outside the captured
 * length; what could not be parsed is said by {@link #TRUNCATED} or {@link #MALFORMED} in {@link #flags()}.
 * <p>
 * Offsets are indices in the parsed buffer (not relative to the frame's first byte).
 */
public final class FrameParser
{
    /** An IPv4 header was parsed. */
    public static final int IPV4 = 0x01;
    /** An IPv6 header was parsed. */
    public static final int IPV6 = 0x02;
    /** The transport header (TCP, UDP, or ICMP type and code) is captured: {@link #l4Offset()} is valid. */
    public static final int L4 = 0x04;
    /** The captured bytes ended before a header did. */
    public static final int TRUNCATED = 0x08;
    /** A header field held an impossible value. */
    public static final int MALFORMED = 0x10;
    /** A non-first IP fragment (no transport header). */
    public static final int FRAGMENT = 0x20;
    /** An 802.1Q/802.1ad tag was present. */
    public static final int VLAN = 0x40;
    /** The first fragment of a fragmented IPv4 packet (the "more fragments" flag with offset 0). */
    public static final int FIRST_FRAGMENT = 0x80;

    private static final int MAX_VLAN_TAGS = 2;
    private static final int MAX_IPV6_EXTENSIONS = 4;

    private int flags;
    private int etherType;
    private int vlanId;
    private int l3Offset;
    private int l4Offset;
    private int protocol;
    private int transportHeaderLength;
    private int payloadLength;

    /**
     * Parse an Ethernet frame.
     *
     * @param frame  buffer holding the frame.
     * @param offset index of the Ethernet header's first byte.
     * @param length captured bytes of the frame.
     * @return {@link #flags()}.
     */
    public int parse(final DirectBuffer frame, final int offset, final int length)
    {
        reset();
        final int end = offset + Math.max(0, length);
        if (length < Ethernet.HEADER_LENGTH)
        {
            flags = TRUNCATED;
            return flags;
        }
        int type = Ethernet.etherType(frame, offset + Ethernet.ETHER_TYPE_OFFSET);
        int position = offset + Ethernet.HEADER_LENGTH;
        for (int tags = 0; tags < MAX_VLAN_TAGS && Ethernet.isVlanTag(type); tags++)
        {
            flags |= VLAN;
            if (position + Ethernet.VLAN_TAG_LENGTH > end)
            {
                etherType = type;
                flags |= TRUNCATED;
                return flags;
            }
            vlanId = frame.getShort(position, ByteOrder.BIG_ENDIAN) & Ethernet.VLAN_ID_MASK;
            type = Ethernet.etherType(frame, position + 2);
            position += Ethernet.VLAN_TAG_LENGTH;
        }
        parseNetwork(type, frame, position, end);
        return flags;
    }

    /**
     * Parse from the network layer, for a frame whose link header was decoded elsewhere (Linux cooked captures).
     *
     * @param frame     buffer holding the packet.
     * @param etherType protocol of the network layer.
     * @param l3Offset  index of the network header's first byte.
     * @param l3Length  captured bytes from {@code l3Offset}.
     * @return {@link #flags()}.
     */
    public int parseNetworkLayer(final DirectBuffer frame, final int etherType, final int l3Offset, final int l3Length)
    {
        reset();
        parseNetwork(etherType, frame, l3Offset, l3Offset + Math.max(0, l3Length));
        return flags;
    }

    /** What was found: {@link #IPV4}, {@link #L4}, {@link #TRUNCATED}... */
    public int flags()
    {
        return flags;
    }

    /** EtherType of the network layer (after any VLAN tags), 0 when the frame is shorter than its header. */
    public int etherType()
    {
        return etherType;
    }

    /** VLAN id of the innermost tag, 0 when untagged. */
    public int vlanId()
    {
        return vlanId;
    }

    /** Index of the network header. */
    public int l3Offset()
    {
        return l3Offset;
    }

    /** Index of the transport header, valid when {@link #L4} is set or the IP header was parsed in full. */
    public int l4Offset()
    {
        return l4Offset;
    }

    /** The IP protocol (IPv6: the last next-header reached), 0 when no IP header was parsed. */
    public int protocol()
    {
        return protocol;
    }

    /** Length of the TCP header (its data offset) or of the UDP header; 0 for other protocols. */
    public int transportHeaderLength()
    {
        return transportHeaderLength;
    }

    /** Index of the transport payload's first byte (the end of all headers). */
    public int payloadOffset()
    {
        return l4Offset + transportHeaderLength;
    }

    /**
     * Payload length: of the transport payload when {@link #L4} is set for TCP or UDP, else of the IP payload as the
     * IP header declares it, else the captured bytes after the link header.
     */
    public int payloadLength()
    {
        return payloadLength;
    }

    private void reset()
    {
        flags = 0;
        etherType = 0;
        vlanId = 0;
        l3Offset = 0;
        l4Offset = 0;
        protocol = 0;
        transportHeaderLength = 0;
        payloadLength = 0;
    }

    private void parseNetwork(final int type, final DirectBuffer frame, final int l3, final int end)
    {
        etherType = type;
        l3Offset = l3;
        if (type == Ethernet.ETHERTYPE_IPV4)
        {
            parseIpv4(frame, l3, end);
        }
        else if (type == Ethernet.ETHERTYPE_IPV6)
        {
            parseIpv6(frame, l3, end);
        }
        else
        {
            payloadLength = Math.max(0, end - l3);
        }
    }

    private void parseIpv4(final DirectBuffer frame, final int l3, final int end)
    {
        if (l3 + Ipv4.MIN_HEADER_LENGTH > end)
        {
            flags |= TRUNCATED;
            payloadLength = Math.max(0, end - l3);
            return;
        }
        final int versionIhl = frame.getByte(l3 + Ipv4.VERSION_IHL_OFFSET) & 0xFF;
        final int ihl = (versionIhl & 0x0F) * 4;
        final int totalLength = frame.getShort(l3 + Ipv4.TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if ((versionIhl >>> 4) != 4 || ihl < Ipv4.MIN_HEADER_LENGTH || totalLength < ihl)
        {
            flags |= MALFORMED;
            payloadLength = Math.max(0, end - l3);
            return;
        }
        flags |= IPV4;
        protocol = frame.getByte(l3 + Ipv4.PROTOCOL_OFFSET) & 0xFF;
        l4Offset = l3 + ihl;
        payloadLength = totalLength - ihl;
        final int fragment = frame.getShort(l3 + Ipv4.FRAGMENT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if ((fragment & Ipv4.FRAGMENT_OFFSET_MASK) != 0)
        {
            flags |= FRAGMENT;
            return;
        }
        if ((fragment & Ipv4.MORE_FRAGMENTS) != 0)
        {
            flags |= FIRST_FRAGMENT;
        }
        if (l4Offset > end)
        {
            flags |= TRUNCATED;
            return;
        }
        parseTransport(frame, l4Offset, end, payloadLength);
    }

    private void parseIpv6(final DirectBuffer frame, final int l3, final int end)
    {
        if (l3 + Ipv6.HEADER_LENGTH > end)
        {
            flags |= TRUNCATED;
            payloadLength = Math.max(0, end - l3);
            return;
        }
        if ((frame.getByte(l3) & 0xFF) >>> 4 != 6)
        {
            flags |= MALFORMED;
            payloadLength = Math.max(0, end - l3);
            return;
        }
        flags |= IPV6;
        int remaining = frame.getShort(l3 + Ipv6.PAYLOAD_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        int next = frame.getByte(l3 + Ipv6.NEXT_HEADER_OFFSET) & 0xFF;
        int position = l3 + Ipv6.HEADER_LENGTH;
        for (int hops = 0; hops < MAX_IPV6_EXTENSIONS && (Ipv6.isOptionsHeader(next) || next == Ipv6.NEXT_FRAGMENT);
            hops++)
        {
            protocol = next;
            l4Offset = position;
            payloadLength = Math.max(0, remaining);
            if (position + 8 > end)
            {
                flags |= TRUNCATED;
                return;
            }
            final int length = next == Ipv6.NEXT_FRAGMENT ?
                Ipv6.FRAGMENT_HEADER_LENGTH : ((frame.getByte(position + 1) & 0xFF) + 1) * 8;
            final boolean laterFragment = next == Ipv6.NEXT_FRAGMENT &&
                (frame.getShort(position + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF) >>> 3 != 0;
            next = frame.getByte(position) & 0xFF;
            position += length;
            remaining -= length;
            if (laterFragment)
            {
                protocol = next;
                l4Offset = position;
                payloadLength = Math.max(0, remaining);
                flags |= FRAGMENT;
                return;
            }
        }
        protocol = next;
        l4Offset = position;
        if (remaining < 0)
        {
            payloadLength = 0;
            flags |= MALFORMED;
            return;
        }
        payloadLength = remaining;
        parseTransport(frame, position, end, remaining);
    }

    private void parseTransport(final DirectBuffer frame, final int l4, final int end, final int l4Length)
    {
        if (protocol == IpProtocol.TCP || protocol == IpProtocol.UDP)
        {
            final int minHeader = protocol == IpProtocol.TCP ? Tcp.MIN_HEADER_LENGTH : Udp.HEADER_LENGTH;
            if (l4Length < minHeader)
            {
                flags |= MALFORMED;
                return;
            }
            if (l4 + minHeader > end)
            {
                flags |= TRUNCATED;
                return;
            }
            final int headerLength = protocol == IpProtocol.TCP ?
                ((frame.getByte(l4 + Tcp.DATA_OFFSET_OFFSET) & 0xFF) >>> 4) * 4 : Udp.HEADER_LENGTH;
            if (headerLength < minHeader || headerLength > l4Length)
            {
                flags |= MALFORMED;
                return;
            }
            flags |= L4;
            transportHeaderLength = headerLength;
            payloadLength = l4Length - headerLength;
        }
        else if (protocol == IpProtocol.ICMP || protocol == IpProtocol.ICMPV6)
        {
            if (l4 + 2 > end)
            {
                flags |= TRUNCATED;
                return;
            }
            flags |= L4;
        }
    }
}
