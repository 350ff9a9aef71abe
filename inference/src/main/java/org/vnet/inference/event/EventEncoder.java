package org.vnet.inference.event;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.vnet.inference.packet.Ethernet;
import org.vnet.inference.packet.FrameParser;
import org.vnet.inference.packet.IpProtocol;
import org.vnet.inference.packet.Ipv4;
import org.vnet.inference.packet.Ipv6;
import org.vnet.inference.packet.Mac;
import org.vnet.inference.packet.Tcp;
import org.vnet.inference.packet.Udp;

import java.nio.ByteOrder;

import static org.vnet.inference.event.EventRecord.ORDER;

/**
 * Writes {@link EventRecord}s from captured frames: the {@link FrameParser} finds the headers, this copies their
 * fields into the record layout. One instance per thread (it holds the parser). Never throws, never allocates.
 */
public final class EventEncoder
{
    private final FrameParser parser = new FrameParser();

    /**
     * Encode an Ethernet frame (optionally 802.1Q/802.1ad tagged) into a record.
     *
     * @param dst         buffer to write the record into, with {@link EventRecord#LENGTH} bytes free at {@code offset}.
     * @param offset      where the record starts.
     * @param timeNs      capture time.
     * @param port        observer port id.
     * @param direction   one of the {@code EventRecord.DIRECTION_*} constants.
     * @param frame       buffer holding the frame.
     * @param frameOffset first byte of the Ethernet header.
     * @param frameLength captured bytes of the frame.
     * @param wireLength  original frame length (recorded as the frame length).
     */
    public void encode(
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
        final int flags = parser.parse(frame, frameOffset, frameLength);
        long srcMac = 0;
        long dstMac = 0;
        if (frameLength >= Ethernet.ETHER_TYPE_OFFSET)
        {
            dstMac = Mac.read(frame, frameOffset + Ethernet.DST_MAC_OFFSET);
            srcMac = Mac.read(frame, frameOffset + Ethernet.SRC_MAC_OFFSET);
        }
        write(dst, offset, timeNs, port, direction, wireLength, srcMac, dstMac, flags, frame);
    }

    /**
     * Encode a frame whose link header was already decoded (Linux cooked captures): addresses and EtherType are
     * given, the network-layer header starts at {@code l3Offset}.
     *
     * @param srcMac     source MAC, 0 when unknown.
     * @param dstMac     destination MAC, 0 when unknown.
     * @param etherType  protocol of the network layer.
     * @param l3Length   captured bytes from {@code l3Offset}.
     * @param wireLength original frame length.
     */
    public void encodeNetworkLayer(
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
        final int flags = parser.parseNetworkLayer(frame, etherType, l3Offset, l3Length);
        write(dst, offset, timeNs, port, direction, wireLength, srcMac, dstMac, flags, frame);
    }

    private void write(
        final MutableDirectBuffer dst,
        final int offset,
        final long timeNs,
        final int port,
        final int direction,
        final int wireLength,
        final long srcMac,
        final long dstMac,
        final int flags,
        final DirectBuffer frame)
    {
        for (int i = 0; i < EventRecord.LENGTH; i += 8)
        {
            dst.putLong(offset + i, 0L);
        }
        dst.putLong(offset + EventRecord.TIME_NS_OFFSET, timeNs, ORDER);
        dst.putInt(offset + EventRecord.PORT_OFFSET, port, ORDER);
        dst.putByte(offset + EventRecord.DIRECTION_OFFSET, (byte)direction);
        dst.putByte(offset + EventRecord.FLAGS_OFFSET, (byte)(flags & EventRecord.FLAGS_MASK));
        dst.putInt(offset + EventRecord.FRAME_LENGTH_OFFSET, wireLength, ORDER);
        dst.putShort(offset + EventRecord.ETHER_TYPE_OFFSET, (short)parser.etherType(), ORDER);
        dst.putShort(offset + EventRecord.VLAN_ID_OFFSET, (short)parser.vlanId(), ORDER);
        dst.putLong(offset + EventRecord.SRC_MAC_OFFSET, srcMac, ORDER);
        dst.putLong(offset + EventRecord.DST_MAC_OFFSET, dstMac, ORDER);
        dst.putInt(offset + EventRecord.PAYLOAD_LENGTH_OFFSET, parser.payloadLength(), ORDER);
        final int l3 = parser.l3Offset();
        if ((flags & FrameParser.IPV4) != 0)
        {
            dst.putByte(offset + EventRecord.IP_PROTOCOL_OFFSET, (byte)parser.protocol());
            dst.putInt(offset + EventRecord.IP_ID_OFFSET,
                frame.getShort(l3 + Ipv4.IDENTIFICATION_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF, ORDER);
            dst.putByte(offset + EventRecord.TTL_OFFSET, frame.getByte(l3 + Ipv4.TTL_OFFSET));
            putMappedV4(dst, offset + EventRecord.SRC_IP_OFFSET,
                frame.getInt(l3 + Ipv4.SRC_ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN));
            putMappedV4(dst, offset + EventRecord.DST_IP_OFFSET,
                frame.getInt(l3 + Ipv4.DST_ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN));
        }
        else if ((flags & FrameParser.IPV6) != 0)
        {
            dst.putByte(offset + EventRecord.IP_PROTOCOL_OFFSET, (byte)parser.protocol());
            dst.putInt(offset + EventRecord.IP_ID_OFFSET,
                frame.getInt(l3, ByteOrder.BIG_ENDIAN) & Ipv6.FLOW_LABEL_MASK, ORDER);
            dst.putByte(offset + EventRecord.TTL_OFFSET, frame.getByte(l3 + Ipv6.HOP_LIMIT_OFFSET));
            dst.putBytes(offset + EventRecord.SRC_IP_OFFSET, frame, l3 + Ipv6.SRC_ADDRESS_OFFSET, Ipv6.ADDRESS_LENGTH);
            dst.putBytes(offset + EventRecord.DST_IP_OFFSET, frame, l3 + Ipv6.DST_ADDRESS_OFFSET, Ipv6.ADDRESS_LENGTH);
        }
        if ((flags & FrameParser.L4) != 0)
        {
            writeTransport(dst, offset, frame, parser.l4Offset(), parser.protocol());
        }
    }

    private static void writeTransport(
        final MutableDirectBuffer dst, final int offset, final DirectBuffer frame, final int l4, final int protocol)
    {
        if (protocol == IpProtocol.TCP || protocol == IpProtocol.UDP)
        {
            dst.putShort(offset + EventRecord.SRC_PORT_OFFSET,
                frame.getShort(l4 + Udp.SRC_PORT_OFFSET, ByteOrder.BIG_ENDIAN), ORDER);
            dst.putShort(offset + EventRecord.DST_PORT_OFFSET,
                frame.getShort(l4 + Udp.DST_PORT_OFFSET, ByteOrder.BIG_ENDIAN), ORDER);
        }
        if (protocol == IpProtocol.TCP)
        {
            dst.putInt(offset + EventRecord.SEQ_OFFSET, frame.getInt(l4 + Tcp.SEQ_OFFSET, ByteOrder.BIG_ENDIAN), ORDER);
            dst.putInt(offset + EventRecord.ACK_OFFSET, frame.getInt(l4 + Tcp.ACK_OFFSET, ByteOrder.BIG_ENDIAN), ORDER);
            dst.putByte(offset + EventRecord.TCP_FLAGS_OFFSET, frame.getByte(l4 + Tcp.FLAGS_OFFSET));
            dst.putShort(offset + EventRecord.TCP_WINDOW_OFFSET,
                frame.getShort(l4 + Tcp.WINDOW_OFFSET, ByteOrder.BIG_ENDIAN), ORDER);
        }
        else if (protocol == IpProtocol.ICMP || protocol == IpProtocol.ICMPV6)
        {
            dst.putShort(offset + EventRecord.SRC_PORT_OFFSET, (short)(frame.getByte(l4) & 0xFF), ORDER);
            dst.putShort(offset + EventRecord.DST_PORT_OFFSET, (short)(frame.getByte(l4 + 1) & 0xFF), ORDER);
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
