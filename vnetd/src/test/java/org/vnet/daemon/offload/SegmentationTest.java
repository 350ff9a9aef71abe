package org.vnet.daemon.offload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.vnet.daemon.switching.MacTable;
import org.vnet.daemon.switching.Port;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.telemetry.CountersFile;
import org.vnet.daemon.telemetry.PortCounters;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.Checksums;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.daemon.wire.VirtioNetHeader;

class SegmentationTest {
    @TempDir
    Path dir;
    private Telemetry telemetry;
    private Switch sw;
    private Capture link;
    private Capture tap;
    private Coalescer coalescer;

    /** A port keeping copies of the vnet header and frame it was asked to send. */
    static final class Capture extends Port {
        final List<byte[]> frames = new ArrayList<>();
        final List<byte[]> headers = new ArrayList<>();

        Capture(final int id, final boolean link, final PortCounters counters) {
            super(id, link ? "link" : "tap", link, counters);
        }

        @Override
        public void send(final ByteBuf frame, final int offset, final int length, final int vnetHdr) {
            frames.add(ByteBufUtil.getBytes(frame, offset, length));
            headers.add(vnetHdr < 0 ? new byte[VirtioNetHeader.LENGTH] : ByteBufUtil.getBytes(frame, vnetHdr,
                VirtioNetHeader.LENGTH));
        }

        @Override
        public String state() {
            return "up";
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        telemetry = new Telemetry(CountersFile.create(dir.resolve("c")));
        sw = new Switch(new MacTable(300_000, 1024), telemetry, false);
        link = new Capture(0, true, telemetry.portCounters("link", "l"));
        tap = new Capture(1, false, telemetry.portCounters("if", "t"));
        sw.addPort(link);
        sw.addPort(tap);
        coalescer = new Coalescer(sw, true, telemetry.counter(SystemCounter.COALESCED_SEGMENTS));
    }

    @AfterEach
    void tearDown() {
        coalescer.close();
        telemetry.close();
    }

    /** The datagrams the segmenter makes of {@code frame}, each in its own buffer, as GRO hands them over. */
    private static List<ByteBuf> segment(final ByteBuf frame) {
        final Segmenter s = new Segmenter();
        final int offset = VirtioNetHeader.LENGTH;
        final int n = s.plan(frame, offset, frame.readableBytes() - offset, 0);
        final List<ByteBuf> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final ByteBuf d = Unpooled.directBuffer(s.datagramLength());
            s.writeHeader(frame, offset, i, d, 0);
            d.writerIndex(s.datagramHeaderLength());
            d.writeBytes(frame, s.payloadOffset(offset, i), s.payloadLength(i));
            out.add(d);
        }
        return out;
    }

    private void deliver(final List<ByteBuf> datagrams) {
        for (final ByteBuf d : datagrams) {
            coalescer.onFrame(link, d, FrameHeader.LENGTH + VirtioNetHeader.LENGTH,
                d.readableBytes() - FrameHeader.LENGTH - VirtioNetHeader.LENGTH, FrameHeader.LENGTH, 0);
        }
        coalescer.flush(0);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldCutASuperFrameIntoMssSegmentsWithValidHeaders(final boolean v6) {
        final int payload = 60_000;
        final ByteBuf frame = TcpFrames.superFrame(v6, 40_000, 1_000, payload, 0x18, 1);
        final List<ByteBuf> segs = segment(frame);
        assertEquals((payload + TcpFrames.MSS - 1) / TcpFrames.MSS, segs.size());
        final int hlen = 14 + (v6 ? 40 : 20) + 32;
        for (int i = 0; i < segs.size(); i++) {
            final ByteBuf d = segs.get(i);
            assertEquals(FrameHeader.OK, FrameHeader.check(d, d.readableBytes()));
            assertEquals(FrameHeader.FLAG_VNET_HDR, FrameHeader.flags(d));
            final int f = FrameHeader.LENGTH + VirtioNetHeader.LENGTH;
            final int len = d.readableBytes() - f;
            final int seg = Math.min(TcpFrames.MSS, payload - i * TcpFrames.MSS);
            assertEquals(hlen + seg, len);
            assertTrue(VirtioNetHeader.needsChecksum(d, FrameHeader.LENGTH));
            assertEquals(v6 ? 32 + seg : 20 + 32 + seg, d.getUnsignedShort(f + 14 + (v6 ? 4 : 2)));
            assertTrue(TcpFrames.ipChecksumValid(d, f), "IP checksum of segment " + i);
            assertEquals(1_000 + i * TcpFrames.MSS, d.getInt(f + 14 + (v6 ? 40 : 20) + 4));
            final int flags = d.getUnsignedByte(f + 14 + (v6 ? 40 : 20) + 13);
            assertEquals(i == segs.size() - 1 ? 0x18 : 0x10, flags, "PSH only on the last segment");
            assertTrue(Checksums.complete(d, f, len, VirtioNetHeader.checksumStart(d, FrameHeader.LENGTH),
                VirtioNetHeader.checksumOffset(d, FrameHeader.LENGTH)));
            assertTrue(TcpFrames.tcpChecksumValid(d, f, len), "TCP checksum of segment " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldJoinTheSegmentsBackIntoTheSuperFrame(final boolean v6) {
        final int payload = 40_000;
        final ByteBuf frame = TcpFrames.superFrame(v6, 40_000, 5, payload, 0x18, 2);
        deliver(segment(frame));
        assertEquals(1, tap.frames.size(), "one TAP write");
        final byte[] got = tap.frames.get(0);
        final byte[] want = ByteBufUtil.getBytes(frame, VirtioNetHeader.LENGTH, frame.readableBytes() - VirtioNetHeader.LENGTH);
        assertArrayEquals(want, got, "headers (IP length, id, checksum, seq, PSH, pseudo checksum) and payload");
        final ByteBuf h = Unpooled.wrappedBuffer(tap.headers.get(0));
        assertTrue(VirtioNetHeader.isGso(h, 0));
        assertEquals(v6 ? 4 : 1, h.getUnsignedByte(VirtioNetHeader.GSO_TYPE_OFFSET));
        assertEquals(TcpFrames.MSS, h.getUnsignedShortLE(VirtioNetHeader.GSO_SIZE_OFFSET));
        final ByteBuf g = Unpooled.wrappedBuffer(got);
        assertTrue(Checksums.complete(g, 0, got.length, 14 + (v6 ? 40 : 20), 16));
        assertTrue(TcpFrames.tcpChecksumValid(g, 0, got.length));
        assertEquals((payload + TcpFrames.MSS - 1) / TcpFrames.MSS, coalescer.coalesced());
        assertEquals(coalescer.coalesced(), telemetry.counter(SystemCounter.COALESCED_SEGMENTS).get(),
            "counted in the counters file");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldCountASuperFrameAsTheBytesOfItsSegments(final boolean v6) {
        final ByteBuf frame = TcpFrames.superFrame(v6, 40_000, 1, 50_000, 0x18, 10);
        int wire = 0;
        for (final ByteBuf d : segment(frame)) {
            wire += d.readableBytes() - FrameHeader.LENGTH - VirtioNetHeader.LENGTH;
        }
        final int length = frame.readableBytes() - VirtioNetHeader.LENGTH;
        assertEquals(wire, new org.vnet.daemon.wire.WireLength().of(frame, VirtioNetHeader.LENGTH, length, 0));
        assertEquals(length, new org.vnet.daemon.wire.WireLength().of(frame, VirtioNetHeader.LENGTH, length, -1),
            "a frame without a vnet header is what it is");
    }

    @Test
    void shouldKeepFlowsApartAndInOrder() {
        final List<ByteBuf> a = segment(TcpFrames.superFrame(false, 1111, 0, 4 * TcpFrames.MSS, 0x10, 3));
        final List<ByteBuf> b = segment(TcpFrames.superFrame(false, 2222, 0, 4 * TcpFrames.MSS, 0x10, 4));
        final List<ByteBuf> mixed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            mixed.add(a.get(i));
            mixed.add(b.get(i));
        }
        deliver(mixed);
        assertEquals(8, tap.frames.size(), "alternating flows join nothing");
        for (int i = 0; i < 8; i++) {
            final ByteBuf g = Unpooled.wrappedBuffer(tap.frames.get(i));
            assertEquals(i % 2 == 0 ? 1111 : 2222, g.getUnsignedShort(34));
            assertEquals((i / 2) * TcpFrames.MSS, g.getInt(38));
        }
    }

    @Test
    void shouldNotJoinAcrossASequenceGap() {
        final List<ByteBuf> segs = segment(TcpFrames.superFrame(false, 1111, 0, 6 * TcpFrames.MSS, 0x10, 5));
        segs.remove(3);
        deliver(segs);
        assertEquals(2, tap.frames.size());
        assertEquals(14 + 20 + 32 + 3 * TcpFrames.MSS, tap.frames.get(0).length);
        assertEquals(14 + 20 + 32 + 2 * TcpFrames.MSS, tap.frames.get(1).length);
    }

    @Test
    void shouldPassOtherFramesThroughUntouched() {
        final ByteBuf syn = TcpFrames.superFrame(false, 1111, 0, 0, 0x02, 6);
        final ByteBuf small = TcpFrames.superFrame(true, 1111, 0, 100, 0x18, 7);
        for (final ByteBuf f : List.of(syn, small)) {
            coalescer.onFrame(link, f, VirtioNetHeader.LENGTH, f.readableBytes() - VirtioNetHeader.LENGTH, 0, 0);
        }
        coalescer.onFrame(link, syn, VirtioNetHeader.LENGTH, syn.readableBytes() - VirtioNetHeader.LENGTH, -1, 0);
        coalescer.flush(0);
        assertEquals(3, tap.frames.size());
        assertArrayEquals(ByteBufUtil.getBytes(small, VirtioNetHeader.LENGTH, small.readableBytes() - VirtioNetHeader.LENGTH),
            tap.frames.get(1));
        assertEquals(0, coalescer.superFrames());
    }

    @Test
    void shouldRefuseToCutFramesThatAreNotTcpSuperFrames() {
        final ByteBuf small = TcpFrames.superFrame(false, 1111, 0, 100, 0x18, 8);
        assertEquals(0, new Segmenter().plan(small, VirtioNetHeader.LENGTH, small.readableBytes() - 10, 0));
        final ByteBuf big = TcpFrames.superFrame(false, 1111, 0, 10_000, 0x18, 9);
        big.setShort(VirtioNetHeader.LENGTH + 12, 0x0806);
        assertEquals(0, new Segmenter().plan(big, VirtioNetHeader.LENGTH, big.readableBytes() - 10, 0));
    }

    /** Datagrams 0..n-1 of one UDP flow as wire DATA datagrams, the last {@code last} bytes long, ids counting up. */
    private static List<ByteBuf> udpFlow(final boolean v6, final int sport, final int n, final int size, final int last) {
        final List<ByteBuf> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(UdpFrames.wire(UdpFrames.datagram(v6, sport, 100 + i, i == n - 1 ? last : size, i)));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldJoinEqualSizeUdpDatagramsIntoOneUsoSuperFrameThatCutsBackIntoThem(final boolean v6) {
        final List<ByteBuf> datagrams = udpFlow(v6, 3333, 10, 64, 20);
        deliver(datagrams);
        assertEquals(1, tap.frames.size(), "one TAP write");
        final ByteBuf h = Unpooled.wrappedBuffer(tap.headers.get(0));
        final int l4 = 14 + (v6 ? 40 : 20);
        assertEquals(VirtioNetHeader.GSO_UDP_L4, h.getUnsignedByte(VirtioNetHeader.GSO_TYPE_OFFSET));
        assertEquals(64, h.getUnsignedShortLE(VirtioNetHeader.GSO_SIZE_OFFSET));
        assertEquals(l4 + 8, h.getUnsignedShortLE(VirtioNetHeader.HDR_LEN_OFFSET));
        assertEquals(l4, VirtioNetHeader.checksumStart(h, 0));
        assertEquals(6, VirtioNetHeader.checksumOffset(h, 0));
        final ByteBuf got = Unpooled.directBuffer(VirtioNetHeader.LENGTH + tap.frames.get(0).length);
        got.writeBytes(tap.headers.get(0)).writeBytes(tap.frames.get(0));
        final int udpLength = 8 + 9 * 64 + 20;
        assertEquals(udpLength, got.getUnsignedShort(VirtioNetHeader.LENGTH + l4 + 4), "UDP length of the whole");
        assertEquals(l4 + udpLength, tap.frames.get(0).length);
        assertTrue(TcpFrames.ipChecksumValid(got, VirtioNetHeader.LENGTH));
        assertEquals(10, coalescer.coalesced());

        final List<ByteBuf> cut = segment(got);
        assertEquals(10, cut.size(), "the super-frame cuts into the datagrams it was made of");
        for (int i = 0; i < 10; i++) {
            final ByteBuf d = cut.get(i);
            final ByteBuf want = datagrams.get(i);
            assertEquals(FrameHeader.OK, FrameHeader.check(d, d.readableBytes()));
            assertArrayEquals(ByteBufUtil.getBytes(want), ByteBufUtil.getBytes(d), "datagram " + i);
            final int f = FrameHeader.LENGTH + VirtioNetHeader.LENGTH;
            final int len = d.readableBytes() - f;
            assertTrue(Checksums.complete(d, f, len, VirtioNetHeader.checksumStart(d, FrameHeader.LENGTH),
                VirtioNetHeader.checksumOffset(d, FrameHeader.LENGTH)));
            assertTrue(UdpFrames.udpChecksumValid(d, f, len), "UDP checksum of datagram " + i);
        }
        final int wire = datagrams.stream().mapToInt(d -> d.readableBytes() - FrameHeader.LENGTH - VirtioNetHeader.LENGTH).sum();
        assertEquals(wire, new org.vnet.daemon.wire.WireLength().of(got, VirtioNetHeader.LENGTH,
            got.readableBytes() - VirtioNetHeader.LENGTH, 0), "counted as the bytes of its datagrams");
    }

    @Test
    void shouldJoinNoUdpDatagramsOfOtherFlowsOrOfAnotherSize() {
        final List<ByteBuf> a = udpFlow(false, 1111, 3, 64, 64);
        final List<ByteBuf> b = udpFlow(false, 2222, 3, 64, 64);
        final List<ByteBuf> mixed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mixed.add(a.get(i));
            mixed.add(b.get(i));
        }
        mixed.add(UdpFrames.wire(UdpFrames.datagram(false, 2222, 7, 32, 9)));
        mixed.add(UdpFrames.wire(UdpFrames.datagram(false, 2222, 8, 64, 9)));
        deliver(mixed);
        assertEquals(7, tap.frames.size(), "alternating flows join nothing; a smaller datagram ends a super-frame "
            + "and a larger one starts the next");
        assertEquals(1, coalescer.superFrames());
        assertEquals(14 + 20 + 8 + 64 + 32, tap.frames.get(5).length);
        for (int i = 0; i < 6; i++) {
            assertEquals(i % 2 == 0 ? 1111 : 2222, Unpooled.wrappedBuffer(tap.frames.get(i)).getUnsignedShort(34));
        }
    }

    @Test
    void shouldPassUdpDatagramsOnOneByOneWhenUdpJoiningIsOff() {
        coalescer.close();
        coalescer = new Coalescer(sw, false, telemetry.counter(SystemCounter.COALESCED_SEGMENTS));
        deliver(udpFlow(false, 1111, 4, 64, 64));
        assertEquals(4, tap.frames.size());
        assertEquals(0, coalescer.superFrames());
        assertEquals(14 + 20 + 8 + 64, tap.frames.get(0).length);
    }

    @Test
    void shouldPutAtMostTheKernelsSegmentLimitIntoOneUdpSuperFrame() {
        deliver(udpFlow(false, 1111, 2 * Coalescer.MAX_UDP_SEGMENTS + 2, 64, 64));
        assertEquals(3, tap.frames.size());
        assertEquals(14 + 20 + 8 + Coalescer.MAX_UDP_SEGMENTS * 64, tap.frames.get(0).length);
        assertEquals(14 + 20 + 8 + 2 * 64, tap.frames.get(2).length);
    }

    @Test
    void shouldLeaveAUdpDatagramWhoseLengthFieldLiesAlone() {
        final List<ByteBuf> flow = udpFlow(false, 1111, 3, 64, 64);
        final ByteBuf odd = flow.get(1);
        odd.setShort(FrameHeader.LENGTH + VirtioNetHeader.LENGTH + 34 + 4, 60);
        deliver(flow);
        assertEquals(3, tap.frames.size());
    }

    @Test
    void shouldJoinIpv4DatagramsOnlyWhenTheirIpOptionsAgree() {
        final List<ByteBuf> flow = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            flow.add(UdpFrames.wire(UdpFrames.withIpOption(UdpFrames.datagram(false, 1111, 100 + i, 64, i),
                i < 2 ? 0x0101_0101 : 0x0101_0100)));
        }
        deliver(flow);
        assertEquals(2, tap.frames.size(), "two runs: the options change between the second and the third");
        assertEquals(14 + 24 + 8 + 2 * 64, tap.frames.get(0).length);
        assertEquals(0x0101_0100, Unpooled.wrappedBuffer(tap.frames.get(1)).getInt(14 + 20));
    }
}
