package org.vnet.bench.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vnet.inference.capture.CaptureFiles;
import org.vnet.inference.capture.CaptureSource;
import org.vnet.inference.engine.AnalysisResult;
import org.vnet.inference.engine.InferenceConfig;
import org.vnet.inference.engine.InferenceEngine;
import org.vnet.inference.event.EventHandler;
import org.vnet.inference.event.EventRecord;

/**
 * End to end over a pcap file (in the page cache) of {@value #FRAMES} {@link BspFrames} frames cut to 128 bytes:
 * one operation is one frame, so the score is frames per second and {@code gc.alloc.rate.norm} bytes per frame.
 * <ul>
 *   <li>{@code read}: {@code CaptureFiles.open} and the reader, which encodes every record, into a handler
 *   that only sums frame lengths;</li>
 *   <li>{@code readAnalyse}: the same into a new {@code InferenceEngine};</li>
 *   <li>{@code readAnalyseResult}: and then {@code engine.result()} (matrix, topology, RIR, BIC, timing).</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class CapturePipelineBenchmark {
    static final int FRAMES = 200_000;

    private Path file;

    /** Writes the capture to a temporary file. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        final var list = BspFrames.generate(FRAMES, 1_000_000_000_000L).subList(0, FRAMES);
        file = Files.createTempFile("vnet-bench-", ".pcap");
        Files.write(file, BspFrames.pcap(list, 128));
    }

    /** Deletes the capture. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Counts the bytes of every frame, so the reader's work is not dead code. */
    static final class Sum implements EventHandler {
        long bytes;

        @Override
        public void onEvent(final EventRecord r) {
            bytes += r.frameLength();
        }
    }

    /** Reader and record encoder only. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long read() {
        final Sum sum = new Sum();
        try (CaptureSource source = CaptureFiles.open(file)) {
            while (!source.isExhausted()) {
                source.poll(sum, 4096);
            }
        }
        return sum.bytes;
    }

    /** Reader, encoder and engine. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long readAnalyse() {
        final InferenceEngine engine = new InferenceEngine(new InferenceConfig());
        try (CaptureSource source = CaptureFiles.open(file)) {
            engine.consume(source);
        }
        return engine.events();
    }

    /** Reader, encoder, engine and the analysis result. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public AnalysisResult readAnalyseResult() {
        final InferenceEngine engine = new InferenceEngine(new InferenceConfig());
        try (CaptureSource source = CaptureFiles.open(file)) {
            engine.consume(source);
        }
        return engine.result();
    }
}
