package org.vnet.bench.switching;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vnet.bench.JvmArgs;
import org.vnet.bench.telemetry.TempCounters;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.switching.ForwardingTable;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.telemetry.Telemetry;

/**
 * {@link ForwardingTable#match} with 0 to 64 rules, ranked as the conductor ranks them (the sum
 * of the fields' specificities: exact 2, not 1, any 0, plus 2 for a fixed ingress port), each
 * with a rule counter in a real counters file. Frames come in on port 1. The table holds:
 * <ul>
 *   <li>one exact rule {@code src=A dst=D -> 2} (rank 4);</li>
 *   <li>fillers cycling through three shapes that no benchmarked frame matches:
 *       {@code src=X(k) dst=any} (rank 2, other source), {@code src=any dst=not-D} (rank 1,
 *       fails on the negation), {@code src=any dst=D from=6} (rank 4, fails on ingress);</li>
 *   <li>a catch-all {@code any any -> 3} (rank 0), sorted last.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.CUSTOM_EXECUTOR, JvmArgs.DATA_PLANE_THREADS})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ForwardingTableBenchmark {
    private static final long SRC_EXACT = 0x0200_0000_00A1L;
    private static final long SRC_OTHER = 0x0200_0000_00B1L;
    private static final long DST = 0x0200_0000_00D1L;
    private static final int INGRESS = 1;

    /** Number of rules in the table. */
    @Param({"0", "4", "16", "64"})
    public int rules;

    private TempCounters counters;
    private ForwardingTable table;
    private final int[] outPorts = new int[Switch.maxPorts()];

    /** Compiles the table described in the class comment. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        counters = TempCounters.create();
        final Telemetry telemetry = counters.telemetry();
        final List<ForwardingTable.Entry> entries = new ArrayList<>();
        if (rules > 0) {
            entries.add(entry(telemetry, 0, exact(SRC_EXACT), exact(DST), -1, 2));
        }
        for (int k = 1; k < rules - 1; k++) {
            switch (k % 3) {
                case 0 -> entries.add(entry(telemetry, k, exact(0x0600_0000_0000L + k), MacMatch.ANY, -1, 4));
                case 1 -> entries.add(entry(telemetry, k, MacMatch.ANY, new MacMatch(MacMatch.Kind.NOT, DST), -1, 5));
                default -> entries.add(entry(telemetry, k, MacMatch.ANY, exact(DST), 6, 7));
            }
        }
        if (rules > 1) {
            entries.add(entry(telemetry, rules - 1, MacMatch.ANY, MacMatch.ANY, -1, 3));
        }
        table = new ForwardingTable(entries);
        if (table.size() != rules) {
            throw new IllegalStateException("built " + table.size() + " rules, wanted " + rules);
        }
    }

    /** Unmaps and deletes the counters file. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        counters.close();
    }

    /** A frame only the catch-all matches: every rule is examined (the worst case). */
    @Benchmark
    public int catchAllOnly() {
        return table.match(SRC_OTHER, DST, INGRESS, outPorts);
    }

    /** A frame the top-ranked exact rule matches: the scan stops at the first lower rank. */
    @Benchmark
    public int exactRule() {
        return table.match(SRC_EXACT, DST, INGRESS, outPorts);
    }

    private static MacMatch exact(final long mac) {
        return new MacMatch(MacMatch.Kind.EXACT, mac);
    }

    private static ForwardingTable.Entry entry(final Telemetry telemetry, final int id, final MacMatch src,
                                               final MacMatch dst, final int from, final int to) {
        final int rank = src.specificity() + dst.specificity() + (from >= 0 ? 2 : 0);
        return new ForwardingTable.Entry(id, src, dst, from, to, rank, telemetry.ruleCounter(id));
    }
}
