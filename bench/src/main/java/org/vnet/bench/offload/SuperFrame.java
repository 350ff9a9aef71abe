package org.vnet.bench.offload;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.vnet.daemon.wire.Checksums;
import org.vnet.daemon.wire.VirtioNetHeader;

/** TCP/IPv4 and UDP/IPv4 super-frames with their {@code virtio_net_hdr}, as a TAP with TSO (USO) hands them over. */
final class SuperFrame {
    static final int MSS = 1348;

    private SuperFrame() {
    }

    /** {@code [vnet header (GSO TCPV4, MSS 1348)][Ethernet][IPv4][TCP + timestamps][payload]}. */
    static ByteBuf ipv4(final int payload) {
        final int l3 = 14;
        final int l4 = l3 + 20;
        final int hlen = l4 + 32;
        final int f = VirtioNetHeader.LENGTH;
        final ByteBuf b = Unpooled.directBuffer(f + hlen + payload);
        b.writeZero(f + hlen + payload);
        headers(b, VirtioNetHeader.GSO_TCPV4, hlen, MSS, 16, 6, 32 + payload);
        b.setShort(f + l4, 40_000);
        b.setShort(f + l4 + 2, 5201);
        b.setInt(f + l4 + 4, 1);
        b.setInt(f + l4 + 8, 1);
        b.setByte(f + l4 + 12, 8 << 4);
        b.setByte(f + l4 + 13, 0x18);
        b.setShort(f + l4 + 14, 502);
        b.setInt(f + l4 + 20, 0x0101_080a);
        for (int i = 0; i < payload; i += 8) {
            b.setByte(f + hlen + i, i);
        }
        return b;
    }

    /** {@code [vnet header (GSO UDP_L4, gso_size size)][Ethernet][IPv4][UDP][datagrams x size bytes]}. */
    static ByteBuf udpIpv4(final int datagrams, final int size) {
        final int l3 = 14;
        final int l4 = l3 + 20;
        final int hlen = l4 + 8;
        final int payload = datagrams * size;
        final int f = VirtioNetHeader.LENGTH;
        final ByteBuf b = Unpooled.directBuffer(f + hlen + payload);
        b.writeZero(f + hlen + payload);
        headers(b, VirtioNetHeader.GSO_UDP_L4, hlen, size, 6, 17, 8 + payload);
        b.setShort(f + l4, 40_000);
        b.setShort(f + l4 + 2, 5201);
        b.setShort(f + l4 + 4, 8 + payload);
        for (int i = 0; i < payload; i += 8) {
            b.setByte(f + hlen + i, i);
        }
        return b;
    }

    /** The vnet header (partial checksum, GSO) and the Ethernet and IPv4 headers of a super-frame in {@code b}. */
    private static void headers(final ByteBuf b, final int gsoType, final int hlen, final int gsoSize,
                                final int csumOffset, final int proto, final int l4Length) {
        final int f = VirtioNetHeader.LENGTH;
        final int l3 = 14;
        b.setByte(0, VirtioNetHeader.F_NEEDS_CSUM);
        b.setByte(1, gsoType);
        b.setShortLE(2, hlen);
        b.setShortLE(4, gsoSize);
        b.setShortLE(6, l3 + 20);
        b.setShortLE(8, csumOffset);
        b.setInt(f, 0x0200_0000);
        b.setShort(f + 4, 0x0002);
        b.setInt(f + 6, 0x0200_0000);
        b.setShort(f + 10, 0x0001);
        b.setShort(f + 12, 0x0800);
        b.setByte(f + l3, 0x45);
        b.setShort(f + l3 + 2, 20 + l4Length);
        b.setShort(f + l3 + 6, 0x4000);
        b.setByte(f + l3 + 8, 64);
        b.setByte(f + l3 + 9, proto);
        b.setInt(f + l3 + 12, 0x0a4d_0001);
        b.setInt(f + l3 + 16, 0x0a4d_0002);
        b.setShort(f + l3 + 10, ~Checksums.fold(Checksums.sum(b, f + l3, f + l3 + 20)) & 0xFFFF);
    }
}
