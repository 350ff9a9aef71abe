package org.vnet.bench.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vnet.inference.engine.InferenceConfig;
import org.vnet.inference.engine.InferenceEngine;
import org.vnet.inference.event.EventEncoder;
import org.vnet.inference.event.EventRecord;

/**
 * {@code InferenceEngine.onEvent} over pre-encoded {@link EventRecord}s of a realistic mix ({@link BspFrames}: BSP
 * TCP among 16 MACs, 3 % noise). One operation is one event, so the score is events per second and
 * {@code gc.alloc.rate.norm} is bytes allocated per event. The 65,536 records are replayed in order; before each
 * replay their timestamps move forward by the trace's span (one 8-byte store per event, inside the measurement),
 * so time never runs backwards and the engine keeps growing its series as on a long capture.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class InferenceEngineBenchmark {
    static final int EVENTS = 1 << 16;

    private final EventRecord record = new EventRecord();
    private UnsafeBuffer records;
    private long spanNs;
    private int timeOffset;
    private ByteOrder order;
    private InferenceEngine engine;

    /** Encodes the trace once; a fresh engine per trial. */
    @Setup(Level.Trial)
    public void setUp() {
        final List<BspFrames.Frame> frames = BspFrames.generate(EVENTS, 1_000_000_000_000L);
        records = new UnsafeBuffer(ByteBuffer.allocateDirect(EVENTS * EventRecord.LENGTH));
        final EventEncoder encoder = new EventEncoder();
        for (int i = 0; i < EVENTS; i++) {
            final BspFrames.Frame f = frames.get(i);
            final UnsafeBuffer frame = new UnsafeBuffer(f.bytes());
            encoder.encode(records, i * EventRecord.LENGTH, f.timeNs(), 1, EventRecord.DIRECTION_UNKNOWN, frame, 0,
                f.bytes().length, f.bytes().length);
        }
        spanNs = frames.get(EVENTS - 1).timeNs() - frames.get(0).timeNs() + 1_000_000L;
        timeOffset = EventRecord.TIME_NS_OFFSET;
        record.wrap(records, 0);
        order = records.getLong(timeOffset, ByteOrder.LITTLE_ENDIAN) == record.timeNs()
            ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        engine = new InferenceEngine(new InferenceConfig());
    }

    /** One replay of the trace: {@value #EVENTS} events. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long onEvent() {
        final UnsafeBuffer buffer = records;
        final InferenceEngine e = engine;
        for (int i = 0, offset = 0; i < EVENTS; i++, offset += EventRecord.LENGTH) {
            buffer.putLong(offset + timeOffset, buffer.getLong(offset + timeOffset, order) + spanNs, order);
            e.onEvent(record.wrap(buffer, offset));
        }
        return e.events();
    }
}
