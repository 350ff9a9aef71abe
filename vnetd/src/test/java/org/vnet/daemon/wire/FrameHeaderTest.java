package org.vnet.daemon.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.junit.jupiter.api.Test;

class FrameHeaderTest {
    static ByteBuf message(final int type, final int payload) {
        final ByteBuf b = Unpooled.buffer();
        FrameHeader.write(b, type, payload);
        b.writeZero(payload);
        return b;
    }

    @Test
    void shouldWriteTheDocumentedBytes() {
        final ByteBuf b = Unpooled.buffer();
        FrameHeader.write(b, FrameHeader.TYPE_DATA, 0x0102);
        assertEquals("564e010100000102", io.netty.buffer.ByteBufUtil.hexDump(b));
    }

    @Test
    void shouldAcceptAWellFormedMessageOfEveryType() {
        for (final int type : new int[] {FrameHeader.TYPE_DATA, FrameHeader.TYPE_HELLO, FrameHeader.TYPE_KEEPALIVE}) {
            final ByteBuf b = message(type, 60);
            assertEquals(FrameHeader.OK, FrameHeader.check(b, b.readableBytes()));
            assertEquals(type, FrameHeader.type(b));
            assertEquals(60, FrameHeader.payloadLength(b));
        }
    }

    @Test
    void shouldRejectTruncatedMessages() {
        final ByteBuf b = message(FrameHeader.TYPE_DATA, 60);
        assertEquals(FrameHeader.ERR_SHORT, FrameHeader.check(b, 7));
        assertEquals(FrameHeader.ERR_LENGTH, FrameHeader.check(b, b.readableBytes() - 1));
    }

    @Test
    void shouldRejectWrongMagicVersionAndType() {
        ByteBuf b = message(FrameHeader.TYPE_DATA, 10);
        b.setByte(0, 'X');
        assertEquals(FrameHeader.ERR_MAGIC, FrameHeader.check(b, b.readableBytes()));
        b = message(FrameHeader.TYPE_DATA, 10);
        b.setByte(FrameHeader.VERSION_OFFSET, 2);
        assertEquals(FrameHeader.ERR_VERSION, FrameHeader.check(b, b.readableBytes()));
        b = message(FrameHeader.TYPE_DATA, 10);
        b.setByte(FrameHeader.TYPE_OFFSET, 9);
        assertEquals(FrameHeader.ERR_TYPE, FrameHeader.check(b, b.readableBytes()));
        b = message(FrameHeader.TYPE_DATA, 10);
        b.setByte(FrameHeader.TYPE_OFFSET, 0);
        assertEquals(FrameHeader.ERR_TYPE, FrameHeader.check(b, b.readableBytes()));
    }

    @Test
    void shouldRejectANonZeroReservedByteAndUnknownFlags() {
        ByteBuf b = message(FrameHeader.TYPE_DATA, 10);
        b.setByte(FrameHeader.RESERVED_OFFSET, 1);
        assertEquals(FrameHeader.ERR_FLAGS, FrameHeader.check(b, b.readableBytes()));
        for (int bit = 1; bit < 8; bit++) {
            b = message(FrameHeader.TYPE_DATA, 10);
            b.setByte(FrameHeader.FLAGS_OFFSET, FrameHeader.FLAG_VNET_HDR | 1 << bit);
            assertEquals(FrameHeader.ERR_FLAGS, FrameHeader.check(b, b.readableBytes()), "flag bit " + bit);
        }
        b = message(FrameHeader.TYPE_DATA, 10);
        b.setByte(FrameHeader.FLAGS_OFFSET, FrameHeader.FLAG_VNET_HDR);
        assertEquals(FrameHeader.OK, FrameHeader.check(b, b.readableBytes()));
    }

    @Test
    void shouldCheckFromTheReaderIndex() {
        final ByteBuf b = Unpooled.buffer();
        b.writeZero(5);
        FrameHeader.write(b, FrameHeader.TYPE_KEEPALIVE, 0);
        b.readerIndex(5);
        assertEquals(FrameHeader.OK, FrameHeader.check(b, b.readableBytes()));
    }
}
