package org.vnet.bench.offload;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vnet.bench.JvmArgs;
import org.vnet.bench.telemetry.TempCounters;
import org.vnet.daemon.offload.Coalescer;
import org.vnet.daemon.offload.Segmenter;
import org.vnet.daemon.switching.MacTable;
import org.vnet.daemon.switching.Port;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.daemon.wire.VirtioNetHeader;

/**
 * The UDP fast path's per-super-frame work on a 64 KiB TCP super-frame as a TAP with TSO reads it
 * (47 segments of MSS 1348, IPv4, timestamps): {@code segment} plans the cut and writes every
 * segment's datagram header (the payload leaves by iovec, so it is not touched); {@code coalesce}
 * offers the 47 datagrams, laid out back to back as one UDP GRO read returns them, to the
 * {@link Coalescer}, which joins them into one super-frame and switches it to a port that
 * drops it (the switch's learning, lookup and counters are included, the TAP write is not).
 * {@code segmentUdp} and {@code coalesceUdp} do the same for a UDP super-frame of 64 datagrams of
 * 64 bytes (USO), as a burst of small datagrams makes one. One operation = one super-frame.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.CUSTOM_EXECUTOR, JvmArgs.DATA_PLANE_THREADS})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class OffloadBenchmark {
    /** Payload bytes of the super-frame (47 full segments). */
    @Param({"63356"})
    public int payload;

    private final Segmenter segmenter = new Segmenter();
    private ByteBuf frame;
    private ByteBuf udpFrame;
    private ByteBuf headers;
    private GroRead tcp;
    private GroRead udp;
    private TempCounters counters;
    private Switch sw;
    private Port link;
    private Coalescer coalescer;

    /** A port that only counts. */
    static final class Sink extends Port {
        long bytes;

        Sink(final int id, final boolean link, final org.vnet.daemon.telemetry.PortCounters counters) {
            super(id, link ? "link" : "tap", link, counters);
        }

        @Override
        public void send(final ByteBuf f, final int offset, final int length, final int vnetHdr) {
            bytes += length;
        }

        @Override
        public String state() {
            return "up";
        }
    }

    /** A super-frame's segments laid out back to back, as one UDP GRO read returns them. */
    static final class GroRead {
        final ByteBuf buf;
        final int[] offsets;
        final int[] lengths;

        GroRead(final Segmenter segmenter, final ByteBuf frame) {
            final int offset = VirtioNetHeader.LENGTH;
            final int n = segmenter.plan(frame, offset, frame.readableBytes() - offset, 0);
            buf = Unpooled.directBuffer(n * segmenter.datagramLength());
            offsets = new int[n];
            lengths = new int[n];
            for (int i = 0; i < n; i++) {
                final int at = i * segmenter.datagramLength();
                segmenter.writeHeader(frame, offset, i, buf, at);
                buf.setBytes(at + segmenter.datagramHeaderLength(), frame, segmenter.payloadOffset(offset, i),
                    segmenter.payloadLength(i));
                offsets[i] = at;
                lengths[i] = segmenter.datagramHeaderLength() + segmenter.payloadLength(i);
            }
        }
    }

    /** Builds the super-frames, their segments as GRO reads, and a switch with a link and a TAP. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        frame = SuperFrame.ipv4(payload);
        udpFrame = SuperFrame.udpIpv4(64, 64);
        headers = Unpooled.directBuffer(Segmenter.MAX_SEGMENTS * Segmenter.MAX_DATAGRAM_HEADER);
        tcp = new GroRead(segmenter, frame);
        udp = new GroRead(segmenter, udpFrame);
        counters = TempCounters.create();
        sw = new Switch(new MacTable(300_000, 1024), counters.telemetry(), false);
        link = new Sink(0, true, counters.telemetry().portCounters("link", "l"));
        sw.addPort(link);
        sw.addPort(new Sink(1, false, counters.telemetry().portCounters("if", "t")));
        coalescer = new Coalescer(sw, true);
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        coalescer.close();
        counters.close();
        frame.release();
        udpFrame.release();
        headers.release();
        tcp.buf.release();
        udp.buf.release();
    }

    /** Cuts the TCP super-frame: plan and every segment's header. */
    @Benchmark
    public int segment() {
        return cut(frame);
    }

    /** Cuts the UDP super-frame into its 64 datagrams' headers. */
    @Benchmark
    public int segmentUdp() {
        return cut(udpFrame);
    }

    /** Joins the 47 TCP segments of one GRO read back into the super-frame and switches it. */
    @Benchmark
    public long coalesce() {
        return join(tcp);
    }

    /** Joins 64 UDP datagrams of 64 bytes of one GRO read into one USO super-frame and switches it. */
    @Benchmark
    public long coalesceUdp() {
        return join(udp);
    }

    private int cut(final ByteBuf superFrame) {
        final int offset = VirtioNetHeader.LENGTH;
        final int n = segmenter.plan(superFrame, offset, superFrame.readableBytes() - offset, 0);
        for (int i = 0; i < n; i++) {
            segmenter.writeHeader(superFrame, offset, i, headers, i * Segmenter.MAX_DATAGRAM_HEADER);
        }
        return n;
    }

    private long join(final GroRead read) {
        for (int i = 0; i < read.offsets.length; i++) {
            final int at = read.offsets[i];
            coalescer.onFrame(link, read.buf, at + FrameHeader.LENGTH + VirtioNetHeader.LENGTH,
                read.lengths[i] - FrameHeader.LENGTH - VirtioNetHeader.LENGTH, at + FrameHeader.LENGTH, 0);
        }
        coalescer.flush(0);
        return coalescer.superFrames();
    }
}
