package org.vnet.inference.testing;

import java.nio.ByteBuffer;

/**
 * Builds raw Ethernet frames for tests (checksums are left zero: nothing here verifies them).
 */
public final class Frames
{
    private Frames()
    {
    }

    public static byte[] tcp4(
        final long srcMac, final long dstMac, final int srcIp, final int dstIp, final int srcPort, final int dstPort,
        final int seq, final int ack, final int flags, final int payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20 + payload);
        ethernet(b, srcMac, dstMac, 0x0800);
        ipv4(b, 20 + payload, 6, srcIp, dstIp, 0x1234);
        tcpHeader(b, srcPort, dstPort, seq, ack, flags);
        return b.array();
    }

    public static byte[] udp4(
        final long srcMac, final long dstMac, final int srcIp, final int dstIp, final int srcPort, final int dstPort,
        final int payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + payload);
        ethernet(b, srcMac, dstMac, 0x0800);
        ipv4(b, 8 + payload, 17, srcIp, dstIp, 7);
        b.putShort((short)srcPort).putShort((short)dstPort).putShort((short)(8 + payload)).putShort((short)0);
        return b.array();
    }

    public static byte[] arp(final long srcMac)
    {
        final ByteBuffer b = ByteBuffer.allocate(42);
        ethernet(b, srcMac, 0xFFFF_FFFF_FFFFL, 0x0806);
        b.putShort((short)1).putShort((short)0x0800).put((byte)6).put((byte)4).putShort((short)1);
        return b.array();
    }

    public static void ethernet(final ByteBuffer b, final long srcMac, final long dstMac, final int etherType)
    {
        putMac(b, dstMac);
        putMac(b, srcMac);
        b.putShort((short)etherType);
    }

    public static void ipv4(final ByteBuffer b, final int l4Length, final int protocol, final int src, final int dst,
        final int id)
    {
        b.put((byte)0x45).put((byte)0).putShort((short)(20 + l4Length)).putShort((short)id).putShort((short)0x4000)
            .put((byte)64).put((byte)protocol).putShort((short)0).putInt(src).putInt(dst);
    }

    public static void tcpHeader(final ByteBuffer b, final int srcPort, final int dstPort, final int seq,
        final int ack, final int flags)
    {
        b.putShort((short)srcPort).putShort((short)dstPort).putInt(seq).putInt(ack).put((byte)0x50)
            .put((byte)flags).putShort((short)65535).putShort((short)0).putShort((short)0);
    }

    public static void putMac(final ByteBuffer b, final long mac)
    {
        b.putShort((short)(mac >>> 32)).putInt((int)mac);
    }

    public static int ip(final int a, final int b, final int c, final int d)
    {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    public static long mac(final int lastOctet)
    {
        return 0x02_00_00_00_00_00L | lastOctet;
    }
}
