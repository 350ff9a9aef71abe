package org.vnet.daemon.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

import org.junit.jupiter.api.Test;
import org.vnet.inference.packet.IpProtocol;
import org.vnet.inference.packet.Ipv4;
import org.vnet.inference.packet.Ipv6;

class TcpHeadersTest {
    private static final int AT = 10;
    private final TcpHeaders h = new TcpHeaders();

    /** Ethernet + IPv4 (or IPv6) + a 32-byte TCP header (options) + 100 bytes, at {@link #AT}. */
    private static ByteBuf frame(final ByteBuf b, final boolean v6) {
        final int l3 = AT + 14;
        final int l4 = l3 + (v6 ? 40 : 20);
        b.writeZero(l4 + 32 + 100);
        b.setShort(AT + 12, v6 ? 0x86DD : 0x0800);
        if (v6) {
            b.setInt(l3, 0x6000_0000);
            b.setShort(l3 + Ipv6.PAYLOAD_LENGTH_OFFSET, 132);
            b.setByte(l3 + Ipv6.NEXT_HEADER_OFFSET, IpProtocol.TCP);
        } else {
            b.setByte(l3, 0x45);
            b.setShort(l3 + Ipv4.TOTAL_LENGTH_OFFSET, 20 + 132);
            b.setShort(l3 + Ipv4.FRAGMENT_OFFSET, 0x4000);
            b.setByte(l3 + Ipv4.PROTOCOL_OFFSET, IpProtocol.TCP);
        }
        b.setByte(l4 + 12, 8 << 4);
        return b;
    }

    @Test
    void shouldFindHeadersInPlaceInDirectAndHeapBuffers() {
        for (final ByteBuf b : new ByteBuf[] {Unpooled.directBuffer(), Unpooled.buffer()}) {
            for (final boolean v6 : new boolean[] {false, true}) {
                frame(b.clear(), v6);
                assertTrue(h.parse(b, AT, b.writerIndex() - AT));
                assertEquals(14, h.l3);
                assertEquals(14 + (v6 ? 40 : 20), h.l4);
                assertEquals(h.l4 + 32, h.headerLength);
                assertEquals(v6, h.v6);
                assertEquals(IpProtocol.TCP, h.proto);
            }
            b.release();
        }
    }

    @Test
    void shouldRejectAnotherProtocolFragmentsAndIpv6ExtensionHeaders() {
        final ByteBuf b = frame(Unpooled.buffer(), false);
        final int length = b.writerIndex() - AT;
        assertFalse(h.parse(b, AT, length, IpProtocol.UDP));
        b.setShort(AT + 14 + Ipv4.FRAGMENT_OFFSET, Ipv4.MORE_FRAGMENTS);
        assertFalse(h.parse(b, AT, length));

        frame(b.clear(), true);
        b.setByte(AT + 14 + Ipv6.NEXT_HEADER_OFFSET, Ipv6.NEXT_HOP_BY_HOP);
        b.setByte(AT + 14 + 40, IpProtocol.TCP);
        assertFalse(h.parse(b, AT, b.writerIndex() - AT));
    }

    @Test
    void shouldRejectFrameWhoseTcpOptionsAreNotCaptured() {
        final ByteBuf b = frame(Unpooled.buffer(), false);
        assertFalse(h.parse(b, AT, 14 + 20 + 30));
        assertTrue(h.parse(b, AT, 14 + 20 + 32));
    }

    @Test
    void shouldRejectBufferWithoutAddressOrArray() {
        final ByteBuf whole = frame(Unpooled.buffer(), false);
        final CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponents(true, whole.copy(0, 40), whole.copy(40, whole.writerIndex() - 40));
        assertFalse(h.parse(composite, AT, composite.writerIndex() - AT));
        composite.release();
    }

    @Test
    void shouldSetIpv4LengthWithAValidHeaderChecksum() {
        final ByteBuf b = frame(Unpooled.buffer(), false);
        assertTrue(h.parse(b, AT, b.writerIndex() - AT));
        h.setIpLength(b, AT, 500);
        assertEquals(520, b.getUnsignedShort(AT + 14 + Ipv4.TOTAL_LENGTH_OFFSET));
        assertEquals(0xFFFF, Checksums.fold(Checksums.sum(b, AT + 14, AT + 14 + 20)));
    }
}
