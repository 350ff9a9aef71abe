package org.vnet.inference.event;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Fixed-size packet-event record: the layout, an allocation-free encoder from raw frames, and a flyweight reader.
 * <p>
 * All multi-byte fields are little-endian except the two 16-byte IP addresses, which hold network-order bytes
 * (IPv4 as the v4-mapped form {@code ::ffff:a.b.c.d}). MACs are 48-bit values in the low bits of a long
 * (first octet most significant); 0 means unknown (for example Linux cooked captures carry no destination MAC).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       Time (ns, 64 bits)                      |  0
 *  +---------------------------------------------------------------+
 *  |                     Observer port id (32)                     |  8
 *  +---------------+---------------+---------------+---------------+
 *  |   Direction   |     Flags     |  IP protocol  |   TCP flags   | 12
 *  +---------------+---------------+---------------+---------------+
 *  |                 Frame (wire) length (32)                      | 16
 *  +-------------------------------+-------------------------------+
 *  |          EtherType            |        VLAN id (0 = none)     | 20
 *  +-------------------------------+-------------------------------+
 *  |                   Source MAC (64, low 48 bits)                | 24
 *  |                Destination MAC (64, low 48 bits)              | 32
 *  |                 Source IP (16 bytes, v4-mapped)               | 40
 *  |              Destination IP (16 bytes, v4-mapped)             | 56
 *  +-------------------------------+-------------------------------+
 *  |   Source port / ICMP type     |  Dest port / ICMP code        | 72
 *  +-------------------------------+-------------------------------+
 *  |       IP identification (IPv4) or flow label (IPv6) (32)      | 76
 *  |                         TCP sequence (32)                     | 80
 *  |                      TCP acknowledgement (32)                 | 84
 *  |            Payload length (L4 payload, or L3 payload) (32)    | 88
 *  +-------------------------------+---------------+---------------+
 *  |          TCP window           |  TTL / hops   |   reserved    | 92
 *  +-------------------------------+---------------+---------------+
 * </pre>
 * The encoder never throws and never allocates: a truncated or malformed frame produces a record holding what
 * could be parsed, with {@link #FLAG_TRUNCATED} or {@link #FLAG_MALFORMED} set.
 */
public final class EventRecord
{
    /** Record length in bytes. */
    public static final int LENGTH = 96;

    public static final int TIME_NS_OFFSET = 0;
    public static final int PORT_OFFSET = 8;
    public static final int DIRECTION_OFFSET = 12;
    public static final int FLAGS_OFFSET = 13;
    public static final int IP_PROTOCOL_OFFSET = 14;
    public static final int TCP_FLAGS_OFFSET = 15;
    public static final int FRAME_LENGTH_OFFSET = 16;
    public static final int ETHER_TYPE_OFFSET = 20;
    public static final int VLAN_ID_OFFSET = 22;
    public static final int SRC_MAC_OFFSET = 24;
    public static final int DST_MAC_OFFSET = 32;
    public static final int SRC_IP_OFFSET = 40;
    public static final int DST_IP_OFFSET = 56;
    public static final int SRC_PORT_OFFSET = 72;
    public static final int DST_PORT_OFFSET = 74;
    public static final int IP_ID_OFFSET = 76;
    public static final int SEQ_OFFSET = 80;
    public static final int ACK_OFFSET = 84;
    public static final int PAYLOAD_LENGTH_OFFSET = 88;
    public static final int TCP_WINDOW_OFFSET = 92;
    public static final int TTL_OFFSET = 94;

    /** Direction relative to the observer port is not known. */
    public static final int DIRECTION_UNKNOWN = 0;
    /** Frame left the observer port (sent towards the wire/VM). */
    public static final int DIRECTION_TX = 1;
    /** Frame arrived at the observer port. */
    public static final int DIRECTION_RX = 2;

    /** The frame carried an IPv4 header (addresses are v4-mapped). */
    public static final int FLAG_IPV4 = 0x01;
    /** The frame carried an IPv6 header. */
    public static final int FLAG_IPV6 = 0x02;
    /** Ports (TCP/UDP) or ICMP type/code are valid. */
    public static final int FLAG_L4 = 0x04;
    /** The captured bytes ended before a header did. */
    public static final int FLAG_TRUNCATED = 0x08;
    /** A header field held an impossible value. */
    public static final int FLAG_MALFORMED = 0x10;
    /** The frame was a non-first IP fragment (no L4 header). */
    public static final int FLAG_FRAGMENT = 0x20;
    /** An 802.1Q/802.1ad tag was present. */
    public static final int FLAG_VLAN = 0x40;

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_QINQ = 0x88A8;

    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_ICMPV6 = 58;

    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int ETH_HEADER = 14;

    private DirectBuffer buffer;
    private int offset;

    /**
     * Point this flyweight at a record.
     *
     * @param buffer holding the record.
     * @param offset of the record's first byte.
     * @return this for chaining.
     */
    public EventRecord wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return offset;
    }

    public long timeNs()
    {
        return buffer.getLong(offset + TIME_NS_OFFSET, ORDER);
    }

    public int port()
    {
        return buffer.getInt(offset + PORT_OFFSET, ORDER);
    }

    public int direction()
    {
        return buffer.getByte(offset + DIRECTION_OFFSET) & 0xFF;
    }

    public int flags()
    {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    public boolean hasFlag(final int flag)
    {
        return (flags() & flag) != 0;
    }

    public boolean isIp()
    {
        return (flags() & (FLAG_IPV4 | FLAG_IPV6)) != 0;
    }

    public int ipProtocol()
    {
        return buffer.getByte(offset + IP_PROTOCOL_OFFSET) & 0xFF;
    }

    public int tcpFlags()
    {
        return buffer.getByte(offset + TCP_FLAGS_OFFSET) & 0xFF;
    }

    public int frameLength()
    {
        return buffer.getInt(offset + FRAME_LENGTH_OFFSET, ORDER);
    }

    public int etherType()
    {
        return buffer.getShort(offset + ETHER_TYPE_OFFSET, ORDER) & 0xFFFF;
    }

    public int vlanId()
    {
        return buffer.getShort(offset + VLAN_ID_OFFSET, ORDER) & 0xFFFF;
    }

    public long srcMac()
    {
        return buffer.getLong(offset + SRC_MAC_OFFSET, ORDER);
    }

    public long dstMac()
    {
        return buffer.getLong(offset + DST_MAC_OFFSET, ORDER);
    }

    /** High 8 network-order bytes of the source address as a big-endian long. */
    public long srcIpHigh()
    {
        return buffer.getLong(offset + SRC_IP_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** Low 8 network-order bytes of the source address as a big-endian long. */
    public long srcIpLow()
    {
        return buffer.getLong(offset + SRC_IP_OFFSET + 8, ByteOrder.BIG_ENDIAN);
    }

    public long dstIpHigh()
    {
        return buffer.getLong(offset + DST_IP_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    public long dstIpLow()
    {
        return buffer.getLong(offset + DST_IP_OFFSET + 8, ByteOrder.BIG_ENDIAN);
    }

    /** Copy the 16 source-address bytes into {@code dst} at {@code dstOffset}. */
    public void getSrcIp(final byte[] dst, final int dstOffset)
    {
        buffer.getBytes(offset + SRC_IP_OFFSET, dst, dstOffset, 16);
    }

    public void getDstIp(final byte[] dst, final int dstOffset)
    {
        buffer.getBytes(offset + DST_IP_OFFSET, dst, dstOffset, 16);
    }

    public int srcPort()
    {
        return buffer.getShort(offset + SRC_PORT_OFFSET, ORDER) & 0xFFFF;
    }

    public int dstPort()
    {
        return buffer.getShort(offset + DST_PORT_OFFSET, ORDER) & 0xFFFF;
    }

    public int ipId()
    {
        return buffer.getInt(offset + IP_ID_OFFSET, ORDER);
    }

    public int seq()
    {
        return buffer.getInt(offset + SEQ_OFFSET, ORDER);
    }

    public int ack()
    {
        return buffer.getInt(offset + ACK_OFFSET, ORDER);
    }

    public int payloadLength()
    {
        return buffer.getInt(offset + PAYLOAD_LENGTH_OFFSET, ORDER);
    }

    public int tcpWindow()
    {
        return buffer.getShort(offset + TCP_WINDOW_OFFSET, ORDER) & 0xFFFF;
    }

    public int ttl()
    {
        return buffer.getByte(offset + TTL_OFFSET) & 0xFF;
    }

    /**
     * Encode an Ethernet frame (optionally 802.1Q/802.1ad tagged) into a record; never throws, never allocates.
     *
     * @param dst         buffer to write the record into, with {@link #LENGTH} bytes free at {@code offset}.
     * @param offset      where the record starts.
     * @param timeNs      capture time.
     * @param port        observer port id.
     * @param direction   one of the DIRECTION_* constants.
     * @param frame       buffer holding the frame.
     * @param frameOffset first byte of the Ethernet header.
     * @param frameLength captured bytes of the frame (also used as the wire length).
     */
    public static void encode(
        final MutableDirectBuffer dst,
        final int offset,
        final long timeNs,
        final int port,
        final int direction,
        final DirectBuffer frame,
        final int frameOffset,
        final int frameLength)
    {
        encode(dst, offset, timeNs, port, direction, frame, frameOffset, frameLength, frameLength);
    }

    /**
     * As {@link #encode(MutableDirectBuffer, int, long, int, int, DirectBuffer, int, int)} for a capture that may
     * hold fewer bytes than went on the wire.
     *
     * @param wireLength original frame length (recorded as the frame length).
     */
    public static void encode(
        final MutableDirectBuffer dst,
        final int offset,
        final long timeNs,
        final int port,
        final int direction,
        final DirectBuffer frame,
        final int frameOffset,
        final int frameLength,
        final int wireLength)
    {
        clear(dst, offset);
        dst.putLong(offset + TIME_NS_OFFSET, timeNs, ORDER);
        dst.putInt(offset + PORT_OFFSET, port, ORDER);
        dst.putByte(offset + DIRECTION_OFFSET, (byte)direction);
        dst.putInt(offset + FRAME_LENGTH_OFFSET, wireLength, ORDER);

        final int end = frameOffset + Math.max(0, frameLength);
        if (frameLength < ETH_HEADER)
        {
            if (frameLength >= 12)
            {
                dst.putLong(offset + DST_MAC_OFFSET, readMac(frame, frameOffset), ORDER);
                dst.putLong(offset + SRC_MAC_OFFSET, readMac(frame, frameOffset + 6), ORDER);
            }
            dst.putByte(offset + FLAGS_OFFSET, (byte)FLAG_TRUNCATED);
            return;
        }

        dst.putLong(offset + DST_MAC_OFFSET, readMac(frame, frameOffset), ORDER);
        dst.putLong(offset + SRC_MAC_OFFSET, readMac(frame, frameOffset + 6), ORDER);
        int flags = 0;
        int etherType = frame.getShort(frameOffset + 12, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        int position = frameOffset + ETH_HEADER;
        for (int tags = 0; tags < 2 && (etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ); tags++)
        {
            if (position + 4 > end)
            {
                dst.putShort(offset + ETHER_TYPE_OFFSET, (short)etherType, ORDER);
                dst.putByte(offset + FLAGS_OFFSET, (byte)(flags | FLAG_VLAN | FLAG_TRUNCATED));
                return;
            }
            flags |= FLAG_VLAN;
            final int tci = frame.getShort(position, ByteOrder.BIG_ENDIAN);
            dst.putShort(offset + VLAN_ID_OFFSET, (short)(tci & 0x0FFF), ORDER);
            etherType = frame.getShort(position + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            position += 4;
        }
        dst.putByte(offset + FLAGS_OFFSET, (byte)flags);
        encodeNetwork(dst, offset, etherType, frame, position, end);
    }

    /**
     * Encode a frame whose link header was already decoded (Linux cooked captures): addresses and EtherType are
     * given, the network-layer header starts at {@code l3Offset}. Never throws, never allocates.
     *
     * @param srcMac     source MAC, 0 when unknown.
     * @param dstMac     destination MAC, 0 when unknown.
     * @param etherType  protocol of the network layer.
     * @param l3Length   captured bytes from {@code l3Offset}.
     * @param wireLength original frame length.
     */
    public static void encodeNetworkLayer(
        final MutableDirectBuffer dst,
        final int offset,
        final long timeNs,
        final int port,
        final int direction,
        final long srcMac,
        final long dstMac,
        final int etherType,
        final DirectBuffer frame,
        final int l3Offset,
        final int l3Length,
        final int wireLength)
    {
        clear(dst, offset);
        dst.putLong(offset + TIME_NS_OFFSET, timeNs, ORDER);
        dst.putInt(offset + PORT_OFFSET, port, ORDER);
        dst.putByte(offset + DIRECTION_OFFSET, (byte)direction);
        dst.putInt(offset + FRAME_LENGTH_OFFSET, wireLength, ORDER);
        dst.putLong(offset + SRC_MAC_OFFSET, srcMac, ORDER);
        dst.putLong(offset + DST_MAC_OFFSET, dstMac, ORDER);
        encodeNetwork(dst, offset, etherType, frame, l3Offset, l3Offset + Math.max(0, l3Length));
    }

    /** Read a 6-byte MAC at {@code index} as a long. */
    public static long readMac(final DirectBuffer buffer, final int index)
    {
        return ((long)(buffer.getShort(index, ByteOrder.BIG_ENDIAN) & 0xFFFF) << 32) |
            (buffer.getInt(index + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL);
    }

    private static void clear(final MutableDirectBuffer dst, final int offset)
    {
        for (int i = 0; i < LENGTH; i += 8)
        {
            dst.putLong(offset + i, 0L);
        }
    }

    private static void orFlags(final MutableDirectBuffer dst, final int offset, final int flags)
    {
        dst.putByte(offset + FLAGS_OFFSET, (byte)((dst.getByte(offset + FLAGS_OFFSET) & 0xFF) | flags));
    }

    private static void encodeNetwork(
        final MutableDirectBuffer dst, final int offset, final int etherType, final DirectBuffer frame,
        final int l3, final int end)
    {
        dst.putShort(offset + ETHER_TYPE_OFFSET, (short)etherType, ORDER);
        if (etherType == ETHERTYPE_IPV4)
        {
            encodeIpv4(dst, offset, frame, l3, end);
        }
        else if (etherType == ETHERTYPE_IPV6)
        {
            encodeIpv6(dst, offset, frame, l3, end);
        }
        else
        {
            dst.putInt(offset + PAYLOAD_LENGTH_OFFSET, Math.max(0, end - l3), ORDER);
        }
    }

    private static void encodeIpv4(
        final MutableDirectBuffer dst, final int offset, final DirectBuffer frame, final int l3, final int end)
    {
        if (l3 + 20 > end)
        {
            orFlags(dst, offset, FLAG_TRUNCATED);
            dst.putInt(offset + PAYLOAD_LENGTH_OFFSET, Math.max(0, end - l3), ORDER);
            return;
        }
        final int versionIhl = frame.getByte(l3) & 0xFF;
        final int ihl = (versionIhl & 0x0F) * 4;
        final int totalLength = frame.getShort(l3 + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if ((versionIhl >>> 4) != 4 || ihl < 20 || totalLength < ihl)
        {
            orFlags(dst, offset, FLAG_MALFORMED);
            dst.putInt(offset + PAYLOAD_LENGTH_OFFSET, Math.max(0, end - l3), ORDER);
            return;
        }
        orFlags(dst, offset, FLAG_IPV4);
        dst.putInt(offset + IP_ID_OFFSET, frame.getShort(l3 + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF, ORDER);
        dst.putByte(offset + TTL_OFFSET, frame.getByte(l3 + 8));
        final int protocol = frame.getByte(l3 + 9) & 0xFF;
        dst.putByte(offset + IP_PROTOCOL_OFFSET, (byte)protocol);
        putMappedV4(dst, offset + SRC_IP_OFFSET, frame.getInt(l3 + 12, ByteOrder.BIG_ENDIAN));
        putMappedV4(dst, offset + DST_IP_OFFSET, frame.getInt(l3 + 16, ByteOrder.BIG_ENDIAN));
        final int l4Length = totalLength - ihl;
        dst.putInt(offset + PAYLOAD_LENGTH_OFFSET, l4Length, ORDER);
        final int fragmentOffset = frame.getShort(l3 + 6, ByteOrder.BIG_ENDIAN) & 0x1FFF;
        if (fragmentOffset != 0)
        {
            orFlags(dst, offset, FLAG_FRAGMENT);
            return;
        }
        if (l3 + ihl > end)
        {
            orFlags(dst, offset, FLAG_TRUNCATED);
            return;
        }
        encodeTransport(dst, offset, protocol, frame, l3 + ihl, end, l4Length);
    }

    private static void encodeIpv6(
        final MutableDirectBuffer dst, final int offset, final DirectBuffer frame, final int l3, final int end)
    {
        if (l3 + 40 > end)
        {
            orFlags(dst, offset, FLAG_TRUNCATED);
            dst.putInt(offset + PAYLOAD_LENGTH_OFFSET, Math.max(0, end - l3), ORDER);
            return;
        }
        final int first = frame.getInt(l3, ByteOrder.BIG_ENDIAN);
        if ((first >>> 28) != 6)
        {
            orFlags(dst, offset, FLAG_MALFORMED);
            dst.putInt(offset + PAYLOAD_LENGTH_OFFSET, Math.max(0, end - l3), ORDER);
            return;
        }
        orFlags(dst, offset, FLAG_IPV6);
        dst.putInt(offset + IP_ID_OFFSET, first & 0x000F_FFFF, ORDER);
        int remaining = frame.getShort(l3 + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        int next = frame.getByte(l3 + 6) & 0xFF;
        dst.putByte(offset + TTL_OFFSET, frame.getByte(l3 + 7));
        dst.putBytes(offset + SRC_IP_OFFSET, frame, l3 + 8, 16);
        dst.putBytes(offset + DST_IP_OFFSET, frame, l3 + 24, 16);
        int position = l3 + 40;
        for (int hops = 0; hops < 4; hops++)
        {
            if (next == 0 || next == 43 || next == 60)
            {
                if (position + 8 > end)
                {
                    dst.putByte(offset + IP_PROTOCOL_OFFSET, (byte)next);
                    dst.putInt(offset + PAYLOAD_LENGTH_OFFSET, remaining, ORDER);
                    orFlags(dst, offset, FLAG_TRUNCATED);
                    return;
                }
                final int length = ((frame.getByte(position + 1) & 0xFF) + 1) * 8;
                next = frame.getByte(position) & 0xFF;
                position += length;
                remaining -= length;
            }
            else if (next == 44)
            {
                if (position + 8 > end)
                {
                    dst.putByte(offset + IP_PROTOCOL_OFFSET, (byte)next);
                    orFlags(dst, offset, FLAG_TRUNCATED);
                    return;
                }
                final int fragmentOffset = (frame.getShort(position + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF) >>> 3;
                next = frame.getByte(position) & 0xFF;
                position += 8;
                remaining -= 8;
                if (fragmentOffset != 0)
                {
                    dst.putByte(offset + IP_PROTOCOL_OFFSET, (byte)next);
                    dst.putInt(offset + PAYLOAD_LENGTH_OFFSET, Math.max(0, remaining), ORDER);
                    orFlags(dst, offset, FLAG_FRAGMENT);
                    return;
                }
            }
            else
            {
                break;
            }
        }
        dst.putByte(offset + IP_PROTOCOL_OFFSET, (byte)next);
        if (remaining < 0)
        {
            orFlags(dst, offset, FLAG_MALFORMED);
            return;
        }
        dst.putInt(offset + PAYLOAD_LENGTH_OFFSET, remaining, ORDER);
        encodeTransport(dst, offset, next, frame, position, end, remaining);
    }

    private static void encodeTransport(
        final MutableDirectBuffer dst, final int offset, final int protocol, final DirectBuffer frame,
        final int l4, final int end, final int l4Length)
    {
        if (protocol == PROTO_TCP)
        {
            if (l4 + 20 > end || l4Length < 20)
            {
                orFlags(dst, offset, l4Length < 20 ? FLAG_MALFORMED : FLAG_TRUNCATED);
                return;
            }
            final int dataOffset = ((frame.getByte(l4 + 12) & 0xFF) >>> 4) * 4;
            if (dataOffset < 20 || dataOffset > l4Length)
            {
                orFlags(dst, offset, FLAG_MALFORMED);
                return;
            }
            orFlags(dst, offset, FLAG_L4);
            dst.putShort(offset + SRC_PORT_OFFSET, frame.getShort(l4, ByteOrder.BIG_ENDIAN), ORDER);
            dst.putShort(offset + DST_PORT_OFFSET, frame.getShort(l4 + 2, ByteOrder.BIG_ENDIAN), ORDER);
            dst.putInt(offset + SEQ_OFFSET, frame.getInt(l4 + 4, ByteOrder.BIG_ENDIAN), ORDER);
            dst.putInt(offset + ACK_OFFSET, frame.getInt(l4 + 8, ByteOrder.BIG_ENDIAN), ORDER);
            dst.putByte(offset + TCP_FLAGS_OFFSET, frame.getByte(l4 + 13));
            dst.putShort(offset + TCP_WINDOW_OFFSET, frame.getShort(l4 + 14, ByteOrder.BIG_ENDIAN), ORDER);
            dst.putInt(offset + PAYLOAD_LENGTH_OFFSET, l4Length - dataOffset, ORDER);
        }
        else if (protocol == PROTO_UDP)
        {
            if (l4 + 8 > end || l4Length < 8)
            {
                orFlags(dst, offset, l4Length < 8 ? FLAG_MALFORMED : FLAG_TRUNCATED);
                return;
            }
            orFlags(dst, offset, FLAG_L4);
            dst.putShort(offset + SRC_PORT_OFFSET, frame.getShort(l4, ByteOrder.BIG_ENDIAN), ORDER);
            dst.putShort(offset + DST_PORT_OFFSET, frame.getShort(l4 + 2, ByteOrder.BIG_ENDIAN), ORDER);
            dst.putInt(offset + PAYLOAD_LENGTH_OFFSET, l4Length - 8, ORDER);
        }
        else if (protocol == PROTO_ICMP || protocol == PROTO_ICMPV6)
        {
            if (l4 + 2 > end)
            {
                orFlags(dst, offset, FLAG_TRUNCATED);
                return;
            }
            orFlags(dst, offset, FLAG_L4);
            dst.putShort(offset + SRC_PORT_OFFSET, (short)(frame.getByte(l4) & 0xFF), ORDER);
            dst.putShort(offset + DST_PORT_OFFSET, (short)(frame.getByte(l4 + 1) & 0xFF), ORDER);
        }
    }

    private static void putMappedV4(final MutableDirectBuffer dst, final int index, final int address)
    {
        dst.putLong(index, 0L);
        dst.putShort(index + 8, (short)0);
        dst.putShort(index + 10, (short)0xFFFF);
        dst.putInt(index + 12, address, ByteOrder.BIG_ENDIAN);
    }
}
