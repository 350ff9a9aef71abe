package org.vnet.inference.event;

import org.agrona.DirectBuffer;
import org.vnet.inference.packet.FrameParser;

import java.nio.ByteOrder;

/**
 * Fixed-size packet-event record: the layout and a flyweight reader; {@link EventEncoder} writes records.
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
 * A truncated or malformed frame produces a record holding what could be parsed, with {@link #FLAG_TRUNCATED} or
 * {@link #FLAG_MALFORMED} set.
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
    public static final int FLAG_IPV4 = FrameParser.IPV4;
    /** The frame carried an IPv6 header. */
    public static final int FLAG_IPV6 = FrameParser.IPV6;
    /** Ports (TCP/UDP) or ICMP type/code are valid. */
    public static final int FLAG_L4 = FrameParser.L4;
    /** The captured bytes ended before a header did. */
    public static final int FLAG_TRUNCATED = FrameParser.TRUNCATED;
    /** A header field held an impossible value. */
    public static final int FLAG_MALFORMED = FrameParser.MALFORMED;
    /** The frame was a non-first IP fragment (no L4 header). */
    public static final int FLAG_FRAGMENT = FrameParser.FRAGMENT;
    /** An 802.1Q/802.1ad tag was present. */
    public static final int FLAG_VLAN = FrameParser.VLAN;

    /** Flags a record can carry (the parser's others stay out of it). */
    public static final int FLAGS_MASK = FLAG_IPV4 | FLAG_IPV6 | FLAG_L4 | FLAG_TRUNCATED | FLAG_MALFORMED |
        FLAG_FRAGMENT | FLAG_VLAN;

    /** Byte order of the record's multi-byte fields (the addresses excepted). */
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

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
}
