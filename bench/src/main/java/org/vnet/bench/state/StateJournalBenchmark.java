package org.vnet.bench.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.state.DurableState;
import org.vnet.daemon.state.StateDelta;
import org.vnet.daemon.state.StateStore;

/**
 * What persisting one control change costs the thread that acknowledges it, with {@code rules}
 * rules, one interface and one link in the state, the change alternately adding and deleting one
 * more rule:
 * <ul>
 *   <li>{@code journal}: {@link DurableState#save}, as the conductor calls it: the diff against the
 *   last state and one record appended to the change journal (the compactor runs meanwhile on its
 *   own thread, writing the state file every {@code compactIntervalMillis});</li>
 *   <li>{@code diff}: {@link StateDelta#between} alone, the part of {@code journal} that grows with the state;</li>
 *   <li>{@code stateFile}: {@link StateStore#save}, what every change cost before the journal (the
 *   whole file written, fsync, rename, fsync of the directory).</li>
 * </ul>
 * Sample mode: the score's percentiles are the latencies. The files go to
 * {@code -Dvnet.bench.dir} (default the temporary directory), which should be on the disk a
 * daemon's state file would be on.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@State(Scope.Thread)
public class StateJournalBenchmark {
    /** Rules in the state (the diff is linear in them). */
    @Param({"100", "1000"})
    public int rules;

    /** How often the compactor writes the state file; a minute keeps it out of the measurement. */
    @Param({"20", "60000"})
    public long compactIntervalMillis;

    private Path dir;
    private DurableState durable;
    private StateStore store;
    private NetworkState withRule;
    private NetworkState withoutRule;
    private boolean add;
    private long seq;

    /** A state of {@code rules} rules, and the same with one more. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory(Path.of(System.getProperty("vnet.bench.dir", System.getProperty("java.io.tmpdir"))),
            "vnet-bench-state-");
        NetworkState s = NetworkState.EMPTY.withInterface(new InterfaceSpec("tap0", null, 0))
            .withLink(new LinkSpec("h2", Transport.UDP, LinkSpec.parseAddress("10.200.0.2:7700"), false));
        for (int i = 1; i <= rules; i++) {
            s = s.withRule(new RuleSpec(0, new MacMatch(MacMatch.Kind.EXACT, 0x020000000000L + i), MacMatch.ANY,
                PortRef.ANY, i % 2 == 0 ? PortRef.iface("tap0") : PortRef.link("h2")));
        }
        withRule = s.withRule(new RuleSpec(0, MacMatch.ANY, new MacMatch(MacMatch.Kind.EXACT, 0x02000000ffffL),
            PortRef.iface("tap0"), PortRef.link("h2")));
        withoutRule = withRule.withoutRule(rules + 1);
        durable = DurableState.open(dir.resolve("bench.state.json"),
            new DurableState.Settings(compactIntervalMillis, Long.MAX_VALUE));
        durable.save(withoutRule);
        store = new StateStore(dir.resolve("plain.state.json"));
    }

    /** Closes the journal (a last compaction) and deletes the files. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        durable.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (final Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** One change through the journal. */
    @Benchmark
    public long journal() throws IOException {
        add = !add;
        durable.save(add ? withRule : withoutRule);
        return durable.seq();
    }

    /** The diff of one change alone, which {@code journal} includes. */
    @Benchmark
    public StateDelta diff() {
        add = !add;
        return add ? StateDelta.between(withoutRule, withRule) : StateDelta.between(withRule, withoutRule);
    }

    /** One change through the state file alone. */
    @Benchmark
    public long stateFile() throws IOException {
        add = !add;
        store.save(add ? withRule : withoutRule, ++seq);
        return seq;
    }
}
