package org.vnet.daemon.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.junit.jupiter.api.Test;

public class ChecksumsTest {
    /** An Ethernet + IPv4 + TCP frame whose TCP checksum field holds the pseudo-header sum, as a TSO/CSUM TAP reads it. */
    public static ByteBuf partialTcpFrame(final int payload) {
        final ByteBuf f = Unpooled.buffer();
        f.writeBytes(new byte[] {2, 0, 0, 0, 0, 0xb, 2, 0, 0, 0, 0, 0xa}).writeShort(0x0800);
        final int ipLen = 20 + 20 + payload;
        f.writeByte(0x45).writeByte(0).writeShort(ipLen).writeShort(1).writeShort(0x4000).writeByte(64).writeByte(6)
            .writeShort(0).writeInt(0x0A4D0001).writeInt(0x0A4D0002);
        f.writeShort(40000).writeShort(5201).writeInt(12345).writeInt(0).writeShort(0x5018).writeShort(65535)
            .writeShort(0).writeShort(0);
        for (int i = 0; i < payload; i++) {
            f.writeByte(i * 7 + 3);
        }
        // pseudo header: src, dst, zero+proto, TCP length
        final long pseudo = 0x0A4D + 0x0001 + 0x0A4D + 0x0002 + 6 + (20 + payload);
        f.setShort(14 + 20 + 16, Checksums.fold(pseudo));
        return f;
    }

    public static boolean verifies(final ByteBuf f, final int payload) {
        final long pseudo = 0x0A4D + 0x0001 + 0x0A4D + 0x0002 + 6 + (20 + payload);
        return Checksums.fold(pseudo + Checksums.sum(f, 14 + 20, f.writerIndex())) == 0xFFFF;
    }

    @Test
    void shouldFinishAPartialTcpChecksumSoThatTheSegmentVerifies() {
        for (final int payload : new int[] {0, 1, 2, 7, 100, 1359, 1360}) {
            final ByteBuf f = partialTcpFrame(payload);
            assertFalse(verifies(f, payload) && payload > 0, "partial checksum does not verify yet");
            assertTrue(Checksums.complete(f, 0, f.writerIndex(), 14 + 20, 16));
            assertTrue(verifies(f, payload), "payload " + payload);
        }
    }

    @Test
    void shouldRefuseOffsetsOutsideTheFrame() {
        final ByteBuf f = partialTcpFrame(10);
        assertFalse(Checksums.complete(f, 0, f.writerIndex(), 10, 16));
        assertFalse(Checksums.complete(f, 0, f.writerIndex(), 34, f.writerIndex()));
    }

    @Test
    void shouldSumOddLengthsAndFoldCarries() {
        final ByteBuf b = Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00, 0x01, 0x02});
        assertEquals(0xFFFF + 0x0001 + 0x0200, Checksums.sum(b, 0, 5));
        assertEquals(0x0201, Checksums.fold(0xFFFF + 0x0001 + 0x0200));
    }
}
