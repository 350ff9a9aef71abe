package org.vnet.nativeio;

import java.nio.ByteBuffer;

/**
 * Hand-built Ethernet frames for the TAP tests: ARP requests and ICMP echo requests from a
 * made-up neighbour, and readers for the kernel's replies. All multi-byte fields are
 * big-endian (absolute puts on a buffer in network order).
 *
 * <pre>
 * Ethernet: dst MAC (0..5) | src MAC (6..11) | EtherType (12..13) | payload (14..)
 * ARP:      htype 1 | ptype 0x0800 | hlen 6 | plen 4 | oper | sha | spa | tha | tpa  (28 bytes)
 * IPv4:     0x45 | tos | total length | id | DF | ttl | proto | checksum | src | dst  (20 bytes)
 * ICMP:     type | code | checksum | id | seq | payload
 * </pre>
 */
final class TestFrames
{
    static final int ETH_HEADER_LENGTH = 14;
    static final int ETH_DST_OFFSET = 0;
    static final int ETH_SRC_OFFSET = 6;
    static final int ETH_TYPE_OFFSET = 12;
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_ARP = 0x0806;

    static final int ARP_LENGTH = 28;
    static final int ARP_OPER_OFFSET = 6;
    static final int ARP_SHA_OFFSET = 8;
    static final int ARP_SPA_OFFSET = 14;
    static final int ARP_THA_OFFSET = 18;
    static final int ARP_TPA_OFFSET = 24;
    static final int ARP_REQUEST = 1;
    static final int ARP_REPLY = 2;

    static final int IPV4_HEADER_LENGTH = 20;
    static final int IPV4_PROTO_OFFSET = 9;
    static final int IPV4_SRC_OFFSET = 12;
    static final int IPV4_DST_OFFSET = 16;
    static final int IPPROTO_ICMP = 1;

    static final int ICMP_TYPE_OFFSET = 0;
    static final int ICMP_ID_OFFSET = 4;
    static final int ICMP_SEQ_OFFSET = 6;
    static final int ICMP_ECHO_REPLY = 0;
    static final int ICMP_ECHO_REQUEST = 8;
    static final int ICMP_PAYLOAD_LENGTH = 32;

    static final long BROADCAST_MAC = 0xFFFF_FFFF_FFFFL;
    /** A locally administered unicast MAC for the made-up neighbour. */
    static final long NEIGHBOUR_MAC = 0x0200_5EAA_0002L;

    private TestFrames()
    {
    }

    /** ARP "who has targetIp, tell senderIp" from senderMac, broadcast; returns the frame length. */
    static int arpRequest(final ByteBuffer buf, final int offset, final long senderMac, final int senderIp,
        final int targetIp)
    {
        putMac(buf, offset + ETH_DST_OFFSET, BROADCAST_MAC);
        putMac(buf, offset + ETH_SRC_OFFSET, senderMac);
        buf.putShort(offset + ETH_TYPE_OFFSET, (short)ETHERTYPE_ARP);
        final int arp = offset + ETH_HEADER_LENGTH;
        buf.putShort(arp, (short)1);
        buf.putShort(arp + 2, (short)ETHERTYPE_IPV4);
        buf.put(arp + 4, (byte)6);
        buf.put(arp + 5, (byte)4);
        buf.putShort(arp + ARP_OPER_OFFSET, (short)ARP_REQUEST);
        putMac(buf, arp + ARP_SHA_OFFSET, senderMac);
        buf.putInt(arp + ARP_SPA_OFFSET, senderIp);
        putMac(buf, arp + ARP_THA_OFFSET, 0);
        buf.putInt(arp + ARP_TPA_OFFSET, targetIp);
        return ETH_HEADER_LENGTH + ARP_LENGTH;
    }

    static boolean isArpReply(final ByteBuffer buf, final int offset, final int length)
    {
        return length >= ETH_HEADER_LENGTH + ARP_LENGTH &&
            ETHERTYPE_ARP == (buf.getShort(offset + ETH_TYPE_OFFSET) & 0xFFFF) &&
            ARP_REPLY == (buf.getShort(offset + ETH_HEADER_LENGTH + ARP_OPER_OFFSET) & 0xFFFF);
    }

    /** ICMP echo request from the neighbour to dstMac/dstIp; returns the frame length. */
    static int icmpEchoRequest(final ByteBuffer buf, final int offset, final long dstMac, final long srcMac,
        final int srcIp, final int dstIp, final int id, final int seq)
    {
        putMac(buf, offset + ETH_DST_OFFSET, dstMac);
        putMac(buf, offset + ETH_SRC_OFFSET, srcMac);
        buf.putShort(offset + ETH_TYPE_OFFSET, (short)ETHERTYPE_IPV4);

        final int ip = offset + ETH_HEADER_LENGTH;
        final int icmpLength = 8 + ICMP_PAYLOAD_LENGTH;
        buf.put(ip, (byte)0x45);
        buf.put(ip + 1, (byte)0);
        buf.putShort(ip + 2, (short)(IPV4_HEADER_LENGTH + icmpLength));
        buf.putShort(ip + 4, (short)0x1234);
        buf.putShort(ip + 6, (short)0x4000);
        buf.put(ip + 8, (byte)64);
        buf.put(ip + IPV4_PROTO_OFFSET, (byte)IPPROTO_ICMP);
        buf.putShort(ip + 10, (short)0);
        buf.putInt(ip + IPV4_SRC_OFFSET, srcIp);
        buf.putInt(ip + IPV4_DST_OFFSET, dstIp);
        buf.putShort(ip + 10, (short)checksum(buf, ip, IPV4_HEADER_LENGTH));

        final int icmp = ip + IPV4_HEADER_LENGTH;
        buf.put(icmp + ICMP_TYPE_OFFSET, (byte)ICMP_ECHO_REQUEST);
        buf.put(icmp + 1, (byte)0);
        buf.putShort(icmp + 2, (short)0);
        buf.putShort(icmp + ICMP_ID_OFFSET, (short)id);
        buf.putShort(icmp + ICMP_SEQ_OFFSET, (short)seq);
        for (int i = 0; i < ICMP_PAYLOAD_LENGTH; i++)
        {
            buf.put(icmp + 8 + i, (byte)('a' + i % 26));
        }
        buf.putShort(icmp + 2, (short)checksum(buf, icmp, icmpLength));
        return ETH_HEADER_LENGTH + IPV4_HEADER_LENGTH + icmpLength;
    }

    static boolean isIcmpEchoReply(final ByteBuffer buf, final int offset, final int length)
    {
        final int ip = offset + ETH_HEADER_LENGTH;
        return length >= ETH_HEADER_LENGTH + IPV4_HEADER_LENGTH + 8 &&
            ETHERTYPE_IPV4 == (buf.getShort(offset + ETH_TYPE_OFFSET) & 0xFFFF) &&
            IPPROTO_ICMP == buf.get(ip + IPV4_PROTO_OFFSET) &&
            ICMP_ECHO_REPLY == buf.get(ip + IPV4_HEADER_LENGTH + ICMP_TYPE_OFFSET);
    }

    /** Internet checksum (RFC 1071) of length bytes at offset. */
    static int checksum(final ByteBuffer buf, final int offset, final int length)
    {
        long sum = 0;
        int i = 0;
        for (; i + 1 < length; i += 2)
        {
            sum += buf.getShort(offset + i) & 0xFFFF;
        }
        if (i < length)
        {
            sum += (buf.get(offset + i) & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)(~sum & 0xFFFF);
    }

    static void putMac(final ByteBuffer buf, final int offset, final long mac)
    {
        for (int i = 0; i < 6; i++)
        {
            buf.put(offset + i, (byte)(mac >>> (40 - 8 * i)));
        }
    }

    static long getMac(final ByteBuffer buf, final int offset)
    {
        long mac = 0;
        for (int i = 0; i < 6; i++)
        {
            mac = (mac << 8) | (buf.get(offset + i) & 0xFF);
        }
        return mac;
    }
}
