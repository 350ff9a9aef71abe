package org.vnet.daemon.offload;

import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.vnet.daemon.wire.Checksums;
import org.vnet.daemon.wire.VirtioNetHeader;

/** Builds TCP frames with a vnet header, as a TAP with TSO hands them over, and checks checksums. */
public final class TcpFrames {
    /** gso_size of the super-frames built here. */
    public static final int MSS = 1348;

    private TcpFrames() {
    }

    /**
     * A frame {@code [vnet header][Ethernet][IPv4 or IPv6][TCP with timestamps][payload]} in a direct
     * buffer; GSO (gso_size {@link #MSS}) if the payload exceeds it, else a plain partial-checksum frame.
     */
    public static ByteBuf superFrame(final boolean v6, final int sport, final int seq, final int payload, final int flags,
                              final long seed) {
        final int l3 = 14;
        final int ip = v6 ? 40 : 20;
        final int l4 = l3 + ip;
        final int hlen = l4 + 32;
        final ByteBuf b = Unpooled.directBuffer(VirtioNetHeader.LENGTH + hlen + payload);
        final int f = VirtioNetHeader.LENGTH;
        b.writeZero(VirtioNetHeader.LENGTH + hlen + payload);
        b.setByte(0, VirtioNetHeader.F_NEEDS_CSUM);
        b.setByte(1, payload > MSS ? (v6 ? 4 : 1) : 0);
        b.setShortLE(2, hlen);
        b.setShortLE(4, payload > MSS ? MSS : 0);
        b.setShortLE(6, l4);
        b.setShortLE(8, 16);
        EthIp.write(b, f, v6, 6, 32 + payload, 0x1234);
        b.setShort(f + l4, sport);
        b.setShort(f + l4 + 2, 5201);
        b.setInt(f + l4 + 4, seq);
        b.setInt(f + l4 + 8, 77);
        b.setByte(f + l4 + 12, 8 << 4);
        b.setByte(f + l4 + 13, flags);
        b.setShort(f + l4 + 14, 501);
        b.setInt(f + l4 + 20, 0x0101_080a);
        b.setInt(f + l4 + 24, 11);
        b.setInt(f + l4 + 28, 22);
        final byte[] data = new byte[payload];
        new Random(seed).nextBytes(data);
        b.setBytes(f + hlen, data);
        b.setShort(f + l4 + 16, Checksums.fold(EthIp.pseudoSum(b, f, v6, 6) + 32 + payload));
        return b;
    }

    /** Whether the frame's TCP checksum (complete, not partial) is right. */
    public static boolean tcpChecksumValid(final ByteBuf b, final int frame, final int length) {
        final boolean v6 = b.getUnsignedShort(frame + 12) == 0x86DD;
        final int l3 = frame + 14;
        final int l4 = l3 + (v6 ? 40 : (b.getUnsignedByte(l3) & 15) * 4);
        final long pseudo = (v6 ? Checksums.sum(b, l3 + 8, l3 + 40) : Checksums.sum(b, l3 + 12, l3 + 20)) + 6
            + (frame + length - l4);
        return Checksums.fold(pseudo + Checksums.sum(b, l4, frame + length)) == 0xFFFF;
    }

    /** Whether an IPv4 header checksum is right (IPv6 has none: true). */
    public static boolean ipChecksumValid(final ByteBuf b, final int frame) {
        if (b.getUnsignedShort(frame + 12) == 0x86DD) {
            return true;
        }
        final int l3 = frame + 14;
        return Checksums.fold(Checksums.sum(b, l3, l3 + (b.getUnsignedByte(l3) & 15) * 4)) == 0xFFFF;
    }
}
