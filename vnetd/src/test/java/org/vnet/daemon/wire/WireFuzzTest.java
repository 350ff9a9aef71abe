package org.vnet.daemon.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import org.vnet.daemon.offload.Segmenter;
import org.vnet.testing.FuzzChecks;

/**
 * The link message header, the virtio header, the TCP/UDP header finder and the KERNEL_OFFER payload on any bytes:
 * none throws, each answer stays inside the bytes given, and what the header check accepts is written back
 * byte for byte. Seeds: {@code WireFuzzTestInputs/} (DATA, HELLO, offer messages; TCP, UDP, VLAN, IPv6 frames).
 */
class WireFuzzTest {
    private final TcpHeaders headers = new TcpHeaders();
    private final WireLength wireLength = new WireLength();
    private final KernelOffer offer = new KernelOffer();
    private final Segmenter segmenter = new Segmenter();
    /** Where segments are written, as a TAP port's copy buffer. */
    private final ByteBuf out = Unpooled.buffer(FrameHeader.LENGTH + VirtioNetHeader.LENGTH + 65_536);

    @FuzzTest(maxDuration = "5m")
    void shouldCheckAnyMessageHeaderWithoutThrowing(final byte[] data) {
        final ByteBuf buf = Unpooled.wrappedBuffer(data);
        final int check = FrameHeader.check(buf, data.length);
        assertTrue(check >= FrameHeader.OK && check <= FrameHeader.ERR_FLAGS, "unknown check result " + check);
        if (check != FrameHeader.OK) {
            return;
        }
        final int type = FrameHeader.type(buf);
        final int flags = FrameHeader.flags(buf);
        final int length = FrameHeader.payloadLength(buf);
        assertEquals(data.length - FrameHeader.LENGTH, length);
        final ByteBuf again = Unpooled.buffer(FrameHeader.LENGTH);
        FrameHeader.write(again, type, flags, length);
        assertArrayEquals(ByteBufUtil.getBytes(buf, 0, FrameHeader.LENGTH), ByteBufUtil.getBytes(again));
        if (type == FrameHeader.TYPE_KERNEL_OFFER) {
            decodeOffer(buf, FrameHeader.LENGTH, length);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void shouldParseAnyFrameHeadersInsideTheFrame(final byte[] data) {
        final FuzzChecks.Meter meter = FuzzChecks.meter();
        parse(Unpooled.wrappedBuffer(data), data.length);
        final ByteBuf direct = Unpooled.directBuffer(Math.max(1, data.length)).writeBytes(data);
        try {
            parse(direct, data.length);
        } finally {
            direct.release();
        }
        decodeOffer(Unpooled.wrappedBuffer(data), 0, data.length);
        meter.assertAllocatedAtMost(data.length, 16, "parsing a frame");
    }

    private void parse(final ByteBuf frame, final int length) {
        for (final int protocol : new int[] {org.vnet.inference.packet.IpProtocol.TCP, org.vnet.inference.packet.IpProtocol.UDP}) {
            if (headers.parse(frame, 0, length, protocol)) {
                assertTrue(headers.l3 >= 14 && headers.l3 < headers.l4 && headers.l4 < headers.headerLength
                    && headers.headerLength <= length, () -> "headers outside the frame: l3 " + headers.l3 + " l4 "
                    + headers.l4 + " end " + headers.headerLength + " of " + length);
                headers.pseudoSum(frame, 0);
                final ByteBuf copy = frame.copy();
                headers.setIpLength(copy, 0, length - headers.l4);
                copy.release();
            }
        }
        // the same bytes behind a virtio_net_hdr: a GSO super-frame counts as its segments
        if (length > VirtioNetHeader.LENGTH) {
            final int frameLength = length - VirtioNetHeader.LENGTH;
            final int bytes = wireLength.of(frame, VirtioNetHeader.LENGTH, frameLength, 0);
            assertTrue(bytes >= frameLength, () -> "wire length " + bytes + " below the frame's " + frameLength);
            VirtioNetHeader.isTrivial(frame, 0);
            VirtioNetHeader.needsChecksum(frame, 0);
            assertTrue(VirtioNetHeader.checksumStart(frame, 0) >= 0 && VirtioNetHeader.checksumOffset(frame, 0) >= 0);
            segment(frame, frameLength);
        }
    }

    /** What a TAP without offloads does with a frame and its virtio header from a peer: finish or cut it. */
    private void segment(final ByteBuf frame, final int frameLength) {
        final int at = VirtioNetHeader.LENGTH;
        if (!VirtioNetHeader.isGso(frame, 0)) {
            final ByteBuf copy = frame.copy(at, frameLength);
            Checksums.complete(copy, 0, frameLength, VirtioNetHeader.checksumStart(frame, 0),
                VirtioNetHeader.checksumOffset(frame, 0));
            copy.release();
            return;
        }
        final int n = segmenter.plan(frame, at, frameLength, 0);
        assertTrue(n >= 0 && n <= Segmenter.MAX_SEGMENTS, "segments planned: " + n);
        if (n == 0 || segmenter.datagramLength() > out.capacity()) {
            return;
        }
        final int skip = FrameHeader.LENGTH + VirtioNetHeader.LENGTH;
        long payload = 0;
        for (int i = 0; i < n; i++) {
            segmenter.writeHeader(frame, at, i, out, 0);
            final int header = segmenter.datagramHeaderLength();
            final int length = segmenter.payloadLength(i);
            assertTrue(length > 0, "an empty segment " + i + " of " + n);
            out.setBytes(header, frame, segmenter.payloadOffset(at, i), length);
            payload += length;
            assertTrue(Checksums.complete(out, skip, header - skip + length,
                VirtioNetHeader.checksumStart(out, FrameHeader.LENGTH), VirtioNetHeader.checksumOffset(out, FrameHeader.LENGTH)),
                "a segment's own checksum offsets do not fit it");
            assertEquals(FrameHeader.OK, FrameHeader.check(out.setIndex(0, header + length), header + length));
        }
        assertEquals(frameLength - segmenter.datagramHeaderLength() + skip, payload, "segments lose or add payload");
    }

    private void decodeOffer(final ByteBuf buf, final int at, final int length) {
        final int changed = offer.decode(buf, at, length, 1_000);
        assertTrue(changed >= -1 && changed <= 1, "unknown decode result " + changed);
        final int flags = length > 1 ? buf.getUnsignedByte(at + 1) : -1;
        if (changed >= 0 && flags == KernelOffer.FLAG_ACCEPT) {
            final int count = buf.getUnsignedShort(at + 8);
            final long[] macs = new long[count];
            for (int i = 0; i < count; i++) {
                macs[i] = ((buf.getInt(at + KernelOffer.HEADER + 6 * i) & 0xFFFF_FFFFL) << 16)
                    | buf.getUnsignedShort(at + KernelOffer.HEADER + 6 * i + 4);
            }
            final byte[] encoded = KernelOffer.encode(true, buf.getUnsignedShort(at + 2), buf.getInt(at + 4), macs, count);
            assertArrayEquals(ByteBufUtil.getBytes(buf, at, length), encoded, "an accepted offer encodes differently");
        }
    }
}
