package org.vnet.bench.wire;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

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
import org.vnet.bench.JvmArgs;
import org.vnet.daemon.wire.FrameHeader;

/**
 * The link header codec on a direct buffer, as on a link: {@link FrameHeader#write} in front of
 * a 1414-byte frame and {@link FrameHeader#check} of a received message.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.CUSTOM_EXECUTOR, JvmArgs.DATA_PLANE_THREADS})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class FrameHeaderBenchmark {
    private static final int PAYLOAD = 1414;

    private ByteBuf out;
    private ByteBuf in;

    /** One buffer to write headers into, one holding a valid data message. */
    @Setup(Level.Trial)
    public void setUp() {
        out = PooledByteBufAllocator.DEFAULT.directBuffer(FrameHeader.LENGTH + PAYLOAD);
        in = PooledByteBufAllocator.DEFAULT.directBuffer(FrameHeader.LENGTH + PAYLOAD);
        FrameHeader.write(in, FrameHeader.TYPE_DATA, PAYLOAD);
        in.writeZero(PAYLOAD);
    }

    /** Frees the buffers. */
    @TearDown(Level.Trial)
    public void tearDown() {
        out.release();
        in.release();
    }

    /** Writes a data header at the start of the buffer. */
    @Benchmark
    public int write() {
        out.writerIndex(0);
        FrameHeader.write(out, FrameHeader.TYPE_DATA, PAYLOAD);
        return out.writerIndex();
    }

    /** Validates a data message (magic, version, type, length). */
    @Benchmark
    public int check() {
        return FrameHeader.check(in, in.readableBytes());
    }
}
