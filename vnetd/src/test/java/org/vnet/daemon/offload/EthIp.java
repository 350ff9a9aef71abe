package org.vnet.daemon.offload;

import io.netty.buffer.ByteBuf;

import org.vnet.daemon.wire.Checksums;

/** The Ethernet and IP headers of the test frames: 02:00:00:00:00:01 to :02, 10.0.0.1 / fd00::1 to .2 / ::2. */
final class EthIp {
    private EthIp() {
    }

    /**
     * Writes the Ethernet header at {@code b[f]} and an IPv4 (id {@code ipId}, DF, TTL 64, valid checksum) or IPv6
     * header after it, for {@code l4Length} bytes of transport header and payload of protocol {@code proto}.
     *
     * @return the offset of the transport header from {@code f}
     */
    static int write(final ByteBuf b, final int f, final boolean v6, final int proto, final int l4Length,
                     final int ipId) {
        final int l3 = 14;
        b.setInt(f, 0x0200_0000);
        b.setShort(f + 4, 0x0002);
        b.setInt(f + 6, 0x0200_0000);
        b.setShort(f + 10, 0x0001);
        b.setShort(f + 12, v6 ? 0x86DD : 0x0800);
        if (v6) {
            b.setInt(f + l3, 0x6000_0000);
            b.setShort(f + l3 + 4, l4Length);
            b.setByte(f + l3 + 6, proto);
            b.setByte(f + l3 + 7, 64);
            b.setLong(f + l3 + 8, 0xfd00_0000_0000_0000L);
            b.setLong(f + l3 + 16, 1);
            b.setLong(f + l3 + 24, 0xfd00_0000_0000_0000L);
            b.setLong(f + l3 + 32, 2);
            return l3 + 40;
        }
        b.setByte(f + l3, 0x45);
        b.setShort(f + l3 + 2, 20 + l4Length);
        b.setShort(f + l3 + 4, ipId);
        b.setShort(f + l3 + 6, 0x4000);
        b.setByte(f + l3 + 8, 64);
        b.setByte(f + l3 + 9, proto);
        b.setInt(f + l3 + 12, 0x0a00_0001);
        b.setInt(f + l3 + 16, 0x0a00_0002);
        b.setShort(f + l3 + 10, ~Checksums.fold(Checksums.sum(b, f + l3, f + l3 + 20)) & 0xFFFF);
        return l3 + 20;
    }

    /** The pseudo-header sum (addresses and protocol, no length) of the frame at {@code b[f]}. */
    static long pseudoSum(final ByteBuf b, final int f, final boolean v6, final int proto) {
        return (v6 ? Checksums.sum(b, f + 14 + 8, f + 14 + 40) : Checksums.sum(b, f + 14 + 12, f + 14 + 20)) + proto;
    }
}
