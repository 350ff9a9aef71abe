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
 * One operation = one super-frame.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.OPEN_MISC, JvmArgs.OPEN_NIO, JvmArgs.OPEN_NIO_CH,
    JvmArgs.CUSTOM_EXECUTOR, JvmArgs.DATA_PLANE_THREADS})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class OffloadBenchmark {
    /** Payload bytes of the super-frame (47 full segments). */
    @Param({"63356"})
    public int payload;

    private final Segmenter segmenter = new Segmenter();
    private ByteBuf frame;
    private ByteBuf headers;
    private ByteBuf gro;
    private int[] offsets;
    private int[] lengths;
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

    /** Builds the super-frame, its segments as one GRO read, and a switch with a link and a TAP. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        frame = SuperFrame.ipv4(payload);
        headers = Unpooled.directBuffer(Segmenter.MAX_SEGMENTS * Segmenter.MAX_DATAGRAM_HEADER);
        final int offset = VirtioNetHeader.LENGTH;
        final int n = segmenter.plan(frame, offset, frame.readableBytes() - offset, 0);
        gro = Unpooled.directBuffer(n * segmenter.datagramLength());
        offsets = new int[n];
        lengths = new int[n];
        for (int i = 0; i < n; i++) {
            final int at = i * segmenter.datagramLength();
            segmenter.writeHeader(frame, offset, i, gro, at);
            gro.setBytes(at + segmenter.datagramHeaderLength(), frame, segmenter.payloadOffset(offset, i),
                segmenter.payloadLength(i));
            offsets[i] = at;
            lengths[i] = segmenter.datagramHeaderLength() + segmenter.payloadLength(i);
        }
        counters = TempCounters.create();
        sw = new Switch(new MacTable(300_000, 1024), counters.telemetry(), false);
        link = new Sink(0, true, counters.telemetry().portCounters("link", "l"));
        sw.addPort(link);
        sw.addPort(new Sink(1, false, counters.telemetry().portCounters("if", "t")));
        coalescer = new Coalescer(sw);
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        coalescer.close();
        counters.close();
        frame.release();
        headers.release();
        gro.release();
    }

    /** Cuts the super-frame: plan and every segment's header. */
    @Benchmark
    public int segment() {
        final int offset = VirtioNetHeader.LENGTH;
        final int n = segmenter.plan(frame, offset, frame.readableBytes() - offset, 0);
        for (int i = 0; i < n; i++) {
            segmenter.writeHeader(frame, offset, i, headers, i * Segmenter.MAX_DATAGRAM_HEADER);
        }
        return n;
    }

    /** Joins the 47 segments of one GRO read back into the super-frame and switches it. */
    @Benchmark
    public long coalesce() {
        for (int i = 0; i < offsets.length; i++) {
            final int at = offsets[i];
            coalescer.onFrame(link, gro, at + FrameHeader.LENGTH + VirtioNetHeader.LENGTH,
                lengths[i] - FrameHeader.LENGTH - VirtioNetHeader.LENGTH, at + FrameHeader.LENGTH, 0);
        }
        coalescer.flush(0);
        return coalescer.superFrames();
    }
}
