package org.vnet.bench.switching;

import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.Warmup;
import org.vnet.bench.JvmArgs;
import org.vnet.daemon.switching.MacTable;

/**
 * {@link MacTable} with 1k and 64k learned addresses (64k is vnetd's capacity), visited in
 * turn so that each operation touches another entry:
 * <ul>
 *   <li>{@code lookup}: the destination lookup of a unicast frame;</li>
 *   <li>{@code learnKnown}: the source of a frame from a host seen on the same port less than a
 *       second ago (the common case: a read, no write);</li>
 *   <li>{@code learnRefresh}: the same, last seen more than a second ago (read and write):
 *       the clock moves 1 ms per operation, so an address comes back after 1024 ms or more.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.CUSTOM_EXECUTOR, JvmArgs.DATA_PLANE_THREADS})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class MacTableBenchmark {
    private static final long AGE_MILLIS = 300_000;
    private static final int CAPACITY = 65_536;
    private static final int PORTS = 8;

    /** Addresses in the table (a power of two). */
    @Param({"1024", "65536"})
    public int entries;

    private MacTable table;
    private long[] macs;
    private int mask;
    private int next;
    private long now;

    /** Learns {@code entries} locally administered unicast addresses spread over 8 ports. */
    @Setup(Level.Trial)
    public void setUp() {
        table = new MacTable(AGE_MILLIS, CAPACITY);
        for (int p = 0; p < PORTS; p++) {
            table.limit(p, CAPACITY);
        }
        macs = new long[entries];
        mask = entries - 1;
        now = 1_000_000L;
        for (int i = 0; i < entries; i++) {
            macs[i] = 0x0200_0000_0000L | ((long) i * 0x9E37_79B9L & 0xFFFF_FFFF_FFL);
            table.learn(macs[i], i % PORTS, now);
        }
        if (table.size() != entries) {
            throw new IllegalStateException("learned " + table.size() + " addresses, wanted " + entries);
        }
    }

    /** Looks up the next address; always found. */
    @Benchmark
    public int lookup() {
        final int i = next++ & mask;
        return table.lookup(macs[i], now);
    }

    /** Learns the next address on the port it is already on, within the second. */
    @Benchmark
    public int learnKnown() {
        final int i = next++ & mask;
        return table.learn(macs[i], i % PORTS, now);
    }

    /** Learns the next address on its port, more than a second after it was last learned. */
    @Benchmark
    public int learnRefresh() {
        final int i = next++ & mask;
        return table.learn(macs[i], i % PORTS, ++now);
    }
}
