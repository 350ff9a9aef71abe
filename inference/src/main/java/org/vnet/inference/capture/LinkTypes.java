package org.vnet.inference.capture;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.vnet.inference.event.EventEncoder;
import org.vnet.inference.event.EventRecord;
import org.vnet.inference.packet.Ethernet;
import org.vnet.inference.packet.Mac;

import java.nio.ByteOrder;

/**
 * Link-layer types understood by the capture readers and their decoding into {@link EventRecord}s.
 */
public final class LinkTypes
{
    /** DLT_EN10MB: Ethernet. */
    public static final int ETHERNET = 1;
    /** DLT_RAW: bare IPv4/IPv6 packets. */
    public static final int RAW = 101;
    /** DLT_LINUX_SLL: Linux cooked capture v1 ({@code tcpdump -i any}, older libpcap). */
    public static final int LINUX_SLL = 113;
    /** DLT_LINUX_SLL2: Linux cooked capture v2 ({@code tcpdump -i any}, libpcap 1.10+). */
    public static final int LINUX_SLL2 = 276;

    private static final int ARPHRD_ETHER = 1;
    private static final int SLL_HEADER = 16;
    private static final int SLL2_HEADER = 20;

    private LinkTypes()
    {
    }

    /**
     * Whether a link type can be decoded.
     *
     * @param linkType from the file or interface header.
     * @return true when supported.
     */
    public static boolean isSupported(final int linkType)
    {
        return linkType == ETHERNET || linkType == RAW || linkType == LINUX_SLL || linkType == LINUX_SLL2;
    }

    /** Name of a link type for error messages. */
    public static String name(final int linkType)
    {
        switch (linkType)
        {
            case ETHERNET: return "EN10MB (Ethernet)";
            case RAW: return "RAW";
            case LINUX_SLL: return "LINUX_SLL";
            case LINUX_SLL2: return "LINUX_SLL2";
            case 0: return "NULL (BSD loopback)";
            case 105: return "IEEE802_11";
            case 127: return "IEEE802_11_RADIOTAP";
            default: return "link type " + linkType;
        }
    }

    /** Error text for an unsupported link type. */
    static String unsupported(final int linkType)
    {
        return "unsupported link type " + linkType + " (" + name(linkType) +
            "); supported: 1 EN10MB, 101 RAW, 113 LINUX_SLL, 276 LINUX_SLL2";
    }

    /**
     * Decode one captured packet of a supported link type into a record. Never throws, never allocates.
     */
    static void encode(
        final EventEncoder encoder, final int linkType, final MutableDirectBuffer dst, final long timeNs,
        final int port, final int direction, final DirectBuffer frame, final int offset, final int capturedLength, final int wireLength)
    {
        switch (linkType)
        {
            case LINUX_SLL:
                encodeSll(encoder, dst, timeNs, port, direction, frame, offset, capturedLength, wireLength);
                break;
            case LINUX_SLL2:
                encodeSll2(encoder, dst, timeNs, port, direction, frame, offset, capturedLength, wireLength);
                break;
            case RAW:
            {
                final int version = capturedLength > 0 ? (frame.getByte(offset) & 0xF0) >>> 4 : 0;
                final int etherType = version == 6 ? Ethernet.ETHERTYPE_IPV6 : Ethernet.ETHERTYPE_IPV4;
                encoder.encodeNetworkLayer(dst, 0, timeNs, port, direction, 0L, 0L, etherType, frame, offset,
                    capturedLength, wireLength);
                break;
            }
            default:
                encoder.encode(dst, 0, timeNs, port, direction, frame, offset, capturedLength, wireLength);
        }
    }

    private static int sllDirection(final int packetType, final int fallback)
    {
        switch (packetType)
        {
            case 0: // to us
            case 1: // broadcast
            case 2: // multicast
                return EventRecord.DIRECTION_RX;
            case 4: // outgoing
                return EventRecord.DIRECTION_TX;
            default:
                return fallback;
        }
    }

    private static void encodeSll(
        final EventEncoder encoder, final MutableDirectBuffer dst, final long timeNs, final int port,
        final int direction, final DirectBuffer frame, final int offset, final int capturedLength, final int wireLength)
    {
        if (capturedLength < SLL_HEADER)
        {
            encoder.encodeNetworkLayer(dst, 0, timeNs, port, direction, 0L, 0L, 0, frame, offset, 0, wireLength);
            dst.putByte(EventRecord.FLAGS_OFFSET, (byte)EventRecord.FLAG_TRUNCATED);
            return;
        }
        final int packetType = frame.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int hardwareType = frame.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int addressLength = frame.getShort(offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int protocol = frame.getShort(offset + 14, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final long srcMac = hardwareType == ARPHRD_ETHER && addressLength == 6 ?
            Mac.read(frame, offset + 6) : 0L;
        encoder.encodeNetworkLayer(dst, 0, timeNs, port, sllDirection(packetType, direction), srcMac, 0L,
            protocol, frame, offset + SLL_HEADER, capturedLength - SLL_HEADER, wireLength);
    }

    private static void encodeSll2(
        final EventEncoder encoder, final MutableDirectBuffer dst, final long timeNs, final int port,
        final int direction, final DirectBuffer frame, final int offset, final int capturedLength, final int wireLength)
    {
        if (capturedLength < SLL2_HEADER)
        {
            encoder.encodeNetworkLayer(dst, 0, timeNs, port, direction, 0L, 0L, 0, frame, offset, 0, wireLength);
            dst.putByte(EventRecord.FLAGS_OFFSET, (byte)EventRecord.FLAG_TRUNCATED);
            return;
        }
        final int protocol = frame.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int interfaceIndex = frame.getInt(offset + 4, ByteOrder.BIG_ENDIAN);
        final int hardwareType = frame.getShort(offset + 8, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int packetType = frame.getByte(offset + 10) & 0xFF;
        final int addressLength = frame.getByte(offset + 11) & 0xFF;
        final long srcMac = hardwareType == ARPHRD_ETHER && addressLength == 6 ?
            Mac.read(frame, offset + 12) : 0L;
        encoder.encodeNetworkLayer(dst, 0, timeNs, interfaceIndex, sllDirection(packetType, direction), srcMac,
            0L, protocol, frame, offset + SLL2_HEADER, capturedLength - SLL2_HEADER, wireLength);
    }
}
