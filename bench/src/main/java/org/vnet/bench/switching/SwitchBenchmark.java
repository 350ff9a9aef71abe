package org.vnet.bench.switching;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
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
import org.vnet.bench.link.EncapsulatingPort;
import org.vnet.bench.telemetry.TempCounters;
import org.vnet.inference.packet.Mac;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.switching.ForwardingTable;
import org.vnet.daemon.switching.MacTable;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.telemetry.Telemetry;

/**
 * {@link Switch#onFrame} end to end, then {@link Switch#flush}, for one frame from a local
 * interface (port 0, {@code tap0}) with three links (ports 1 to 3) that encapsulate into a
 * direct buffer from a Netty allocator, as {@code LinkPort.send} does, and release it where the
 * real link would write it. The frame sits in an unpooled direct buffer, like {@code TapPort}'s
 * read buffer. Counters are in a real memory-mapped counters file.
 * <ul>
 *   <li>{@code unicast}: the destination was learned on link 2, no rules: learn (known source),
 *       lookup, one encapsulation;</li>
 *   <li>{@code ruled}: one rule {@code src=any dst=D -> link 3}: learn, match, one encapsulation
 *       and the rule counter;</li>
 *   <li>{@code broadcast}: to ff:ff:ff:ff:ff:ff, no rules: learn, flood, three encapsulations.</li>
 * </ul>
 * {@code allocator}: {@code pooled} is {@code PooledByteBufAllocator.DEFAULT} (TCP and TLS links),
 * {@code adaptive} a Netty 4.2 {@code AdaptiveByteBufAllocator}, the default a UDP channel's
 * {@code alloc()} returns. Runs on a Netty thread like vnetd's data plane ({@link
 * org.vnet.bench.DataPlaneExecutor}), so buffer objects are recycled as in the daemon.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.CUSTOM_EXECUTOR, JvmArgs.DATA_PLANE_THREADS})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SwitchBenchmark {
    private static final long SRC = 0x0200_0000_00A1L;
    private static final long DST = 0x0200_0000_00D1L;
    private static final int MAX_FRAME = 1518;
    private static final long AGE_MILLIS = 300_000;
    private static final int CAPACITY = 65_536;

    /** Which way the frame goes. */
    @Param({"unicast", "ruled", "broadcast"})
    public String path;

    /** Ethernet frame length: minimum, or a full frame of a 1400-byte MTU. */
    @Param({"64", "1414"})
    public int length;

    /** Allocator of the encapsulated messages. */
    @Param({"pooled", "adaptive"})
    public String allocator;

    private TempCounters counters;
    private Switch sw;
    private EncapsulatingPort tap;
    private EncapsulatingPort[] links;
    private ByteBuf frame;
    private long now;

    /** Builds the switch, its ports and the frame for {@link #path}. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        counters = TempCounters.create();
        final Telemetry telemetry = counters.telemetry();
        final ByteBufAllocator alloc = switch (allocator) {
            case "pooled" -> PooledByteBufAllocator.DEFAULT;
            case "adaptive" -> new AdaptiveByteBufAllocator();
            default -> throw new IllegalArgumentException("allocator " + allocator);
        };
        now = 1_000_000L;
        sw = new Switch(new MacTable(AGE_MILLIS, CAPACITY), telemetry, false);
        tap = new EncapsulatingPort(0, "tap0", false, MAX_FRAME, telemetry, alloc);
        sw.addPort(tap);
        links = new EncapsulatingPort[3];
        for (int i = 0; i < links.length; i++) {
            links[i] = new EncapsulatingPort(i + 1, "link" + (i + 1), true, MAX_FRAME, telemetry, alloc);
            sw.addPort(links[i]);
        }
        final long dst;
        switch (path) {
            case "unicast" -> {
                dst = DST;
                sw.macs().learn(DST, 2, now);
            }
            case "ruled" -> {
                dst = DST;
                sw.table(new ForwardingTable(List.of(new ForwardingTable.Entry(1, MacMatch.ANY,
                    new MacMatch(MacMatch.Kind.EXACT, DST), -1, 3, 2, telemetry.ruleCounter(1)))));
            }
            case "broadcast" -> dst = Mac.BROADCAST;
            default -> throw new IllegalArgumentException("path " + path);
        }
        frame = Unpooled.directBuffer(length, length);
        frame.writeInt((int) (dst >>> 16)).writeShort((int) dst);
        frame.writeInt((int) (SRC >>> 16)).writeShort((int) SRC);
        frame.writeShort(0x0800);
        frame.writeZero(length - frame.writerIndex());
    }

    /** Checks that frames went where {@link #path} says, frees the frame, deletes the file. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        final long sent = links[0].counters().txFrames() + links[1].counters().txFrames()
            + links[2].counters().txFrames() + tap.counters().txFrames();
        final long received = tap.counters().rxFrames();
        final long expected = path.equals("broadcast") ? 3 * received : received;
        frame.release();
        counters.close();
        if (received == 0 || sent != expected) {
            throw new IllegalStateException(path + ": " + received + " frames in, " + sent + " out");
        }
    }

    /** Switches one frame from {@code tap0} and flushes, as a burst of one. */
    @Benchmark
    public void onFrame() {
        sw.onFrame(tap, frame, 0, length, now);
        sw.flush();
    }
}
