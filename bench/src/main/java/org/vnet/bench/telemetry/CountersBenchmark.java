package org.vnet.bench.telemetry;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

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
import org.vnet.daemon.telemetry.PortCounters;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;

/**
 * The counter increments of the frame path on a real memory-mapped counters file: a port's
 * receive counters (two release stores: frames and bytes) and one daemon-wide counter.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.CUSTOM_EXECUTOR, JvmArgs.DATA_PLANE_THREADS})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class CountersBenchmark {
    private static final int FRAME_LENGTH = 1414;

    private TempCounters counters;
    private Telemetry telemetry;
    private PortCounters port;

    /** Maps a fresh counters file and allocates the counters. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        counters = TempCounters.create();
        telemetry = counters.telemetry();
        port = telemetry.portCounters("if", "tap0");
    }

    /** Unmaps and deletes the file. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        counters.close();
    }

    /** {@code PortCounters.received}: what every frame costs on its ingress port. */
    @Benchmark
    public void portCountersReceived() {
        port.received(FRAME_LENGTH);
    }

    /** {@code Telemetry.increment}: one daemon-wide counter (e.g. flooded or rule frames). */
    @Benchmark
    public void telemetryIncrement() {
        telemetry.increment(SystemCounter.FLOODED_FRAMES);
    }
}
