package org.vnet.bench.telemetry;

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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.vnet.bench.JvmArgs;
import org.vnet.daemon.telemetry.MacPairCounters;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.wire.ByteBufView;
import org.vnet.inference.event.EventHandler;
import org.vnet.inference.event.EventRecord;
import org.vnet.inference.event.EventRing;

/**
 * What inference adds to every switched frame on the data-plane thread: one 96-byte event record
 * parsed from a 1414-byte IPv4/TCP frame (read in place through a {@link ByteBufView}, as the
 * switch does) and written into the event ring (drained here by the same thread, as the inference
 * agent would on its own), and the per MAC-pair counters. Both are
 * meant to allocate nothing: see gc.alloc.rate.norm with {@code -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.CUSTOM_EXECUTOR, JvmArgs.DATA_PLANE_THREADS})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class TelemetryPathBenchmark {
    private static final int FRAME_LENGTH = 1414;

    private TempCounters counters;
    private EventRing ring;
    private EventRing.Producer producer;
    private final ByteBufView view = new ByteBufView();
    private MacPairCounters pairs;
    private ByteBuf frame;
    private long consumed;
    private final EventHandler handler = r -> consumed += r.timeNs();

    /** A TCP frame in an off-heap buffer (as the TAP read buffer is), the ring and the pair counters. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        counters = TempCounters.create();
        ring = new EventRing(EventRing.DEFAULT_CAPACITY, counters.telemetry().counter(SystemCounter.EVENTS_RECORDED),
            counters.telemetry().counter(SystemCounter.EVENTS_DROPPED));
        producer = ring.newProducer();
        pairs = new MacPairCounters(counters.telemetry().manager());
        frame = Unpooled.directBuffer(FRAME_LENGTH);
        frame.writeBytes(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00});
        frame.writeByte(0x45).writeByte(0).writeShort(FRAME_LENGTH - 14).writeShort(7).writeShort(0x4000)
            .writeByte(64).writeByte(6).writeShort(0).writeInt(0x0A4D0001).writeInt(0x0A4D0002);
        frame.writeShort(40000).writeShort(5201).writeInt(1000).writeInt(2000).writeShort(0x5010).writeShort(512)
            .writeShort(0).writeShort(0);
        frame.writeZero(FRAME_LENGTH - frame.writerIndex());
    }

    /** Unmaps the counters file and frees the frame. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        frame.release();
        counters.close();
    }

    /** One event record written (parse + copy into the ring) and read back. */
    @Benchmark
    public long eventRecord() {
        view.wrap(frame, 0, FRAME_LENGTH);
        producer.offer(3, EventRecord.DIRECTION_TX, view.buffer(), 0, FRAME_LENGTH, FRAME_LENGTH);
        ring.poll(handler, 1);
        return consumed;
    }

    /** The per MAC-pair counters of a known pair. */
    @Benchmark
    public void macPairCounters(final Blackhole bh) {
        pairs.count(0x0200_0000_0001L, 0x0200_0000_0002L, FRAME_LENGTH);
        bh.consume(pairs);
    }
}
