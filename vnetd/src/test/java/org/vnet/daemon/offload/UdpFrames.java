package org.vnet.daemon.offload;

import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.vnet.daemon.wire.Checksums;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.daemon.wire.VirtioNetHeader;

/** Builds UDP datagrams as a TAP with checksum offload hands them over, and wire DATA datagrams of them. */
final class UdpFrames {
    private UdpFrames() {
    }

    /**
     * {@code [vnet header NEEDS_CSUM][Ethernet][IPv4 (id ipId) or IPv6][UDP sport -> 5201][payload]} in a direct
     * buffer, the UDP checksum field holding the pseudo-header sum (a partial checksum).
     */
    static ByteBuf datagram(final boolean v6, final int sport, final int ipId, final int payload, final long seed) {
        final int l3 = 14;
        final int l4 = l3 + (v6 ? 40 : 20);
        final int udpLength = 8 + payload;
        final int f = VirtioNetHeader.LENGTH;
        final ByteBuf b = Unpooled.directBuffer(f + l4 + udpLength);
        b.writeZero(f + l4 + udpLength);
        b.setByte(0, VirtioNetHeader.F_NEEDS_CSUM);
        b.setShortLE(2, l4 + 8);
        b.setShortLE(6, l4);
        b.setShortLE(8, 6);
        EthIp.write(b, f, v6, 17, udpLength, ipId);
        b.setShort(f + l4, sport);
        b.setShort(f + l4 + 2, 5201);
        b.setShort(f + l4 + 4, udpLength);
        final byte[] data = new byte[payload];
        new Random(seed).nextBytes(data);
        b.setBytes(f + l4 + 8, data);
        b.setShort(f + l4 + 6, Checksums.fold(EthIp.pseudoSum(b, f, v6, 17) + udpLength));
        return b;
    }

    /** The DATA datagram a peer's link sends for {@code frame} (vnet header first): frame header, vnet header, frame. */
    static ByteBuf wire(final ByteBuf frame) {
        final ByteBuf d = Unpooled.directBuffer(FrameHeader.LENGTH + frame.readableBytes());
        FrameHeader.write(d, FrameHeader.TYPE_DATA, FrameHeader.FLAG_VNET_HDR, frame.readableBytes());
        d.writeBytes(frame, 0, frame.readableBytes());
        return d;
    }

    /** Whether the frame's UDP checksum (complete, not partial) is right. */
    static boolean udpChecksumValid(final ByteBuf b, final int frame, final int length) {
        final boolean v6 = b.getUnsignedShort(frame + 12) == 0x86DD;
        final int l3 = frame + 14;
        final int l4 = l3 + (v6 ? 40 : 20);
        final long pseudo = (v6 ? Checksums.sum(b, l3 + 8, l3 + 40) : Checksums.sum(b, l3 + 12, l3 + 20)) + 17
            + (frame + length - l4);
        return Checksums.fold(pseudo + Checksums.sum(b, l4, frame + length)) == 0xFFFF;
    }

    /** {@code frame} (vnet header first, IPv4) with one 4-byte IP option word {@code option} added to its header. */
    static ByteBuf withIpOption(final ByteBuf frame, final int option) {
        final int f = VirtioNetHeader.LENGTH;
        final int l3 = f + 14;
        final ByteBuf b = Unpooled.directBuffer(frame.readableBytes() + 4);
        b.writeBytes(frame, 0, l3 + 20);
        b.writeInt(option);
        b.writeBytes(frame, l3 + 20, frame.readableBytes() - l3 - 20);
        b.setShortLE(2, b.getUnsignedShortLE(2) + 4);
        b.setShortLE(6, b.getUnsignedShortLE(6) + 4);
        b.setByte(l3, 0x46);
        b.setShort(l3 + 2, b.getUnsignedShort(l3 + 2) + 4);
        b.setShort(l3 + 10, 0);
        b.setShort(l3 + 10, ~Checksums.fold(Checksums.sum(b, l3, l3 + 24)) & 0xFFFF);
        return b;
    }
}
