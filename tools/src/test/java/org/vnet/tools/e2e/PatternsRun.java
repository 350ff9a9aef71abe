package org.vnet.tools.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.vnet.inference.capture.CaptureFiles;
import org.vnet.inference.capture.CaptureSource;
import org.vnet.inference.engine.AnalysisResult;
import org.vnet.inference.engine.InferenceConfig;
import org.vnet.inference.engine.InferenceEngine;
import org.vnet.testing.Await;

/**
 * One Patterns run in the testbed, observed the way a user would: {@code tcpdump -Q out} on every VM's
 * {@code eth0} (each frame recorded once, where it leaves its sender: capturing both directions records every frame
 * twice, and through the userspace overlay on a busy machine the second copy often arrives more than the engine's
 * 1 ms duplicate window later), one rank per VM namespace, the per-VM captures merged by time and analysed by the
 * inference engine. {@code --immediate-mode} matters: without it tcpdump keeps up to a second of frames in the
 * kernel ring and loses them, without counting them as dropped, when it is stopped. Every process it starts is
 * stopped by PID and its temporary directory removed in {@link #close()} (unless the system property
 * {@code vnet.patterns.keep} is set, to keep the captures for inspection).
 */
final class PatternsRun implements AutoCloseable {
    /** The port Patterns listens on in these runs. */
    static final int PORT = 5999;
    /** vnetd's listen ports (UDP, TCP, TLS): not in VM captures, but given to the engine as it requires. */
    static final Set<Integer> OVERLAY_PORTS = Set.of(7700, 7701, 7702);

    private static final Pattern REPORT = Pattern.compile(
        "patterns rank=(\\d+) .*runtime_s=([0-9.]+) rate_it_per_s=([0-9.]+) bytes_sent=(\\d+)");
    private static final Pattern DROPPED = Pattern.compile("(\\d+) packets? dropped by kernel");
    private static final Path PATTERNS = Testbed.ROOT.resolve("tools/bin/patterns");

    /** What one rank printed. */
    record Rank(int rank, double runtimeSeconds, double rate, long bytesSent) {
    }

    /** The parameters of one run: Patterns' own options, on VMs 1..ranks. */
    record Workload(String topology, String dims, int ranks, int iterations, int messageSize, int elements,
        int flops) {
        List<String> options() {
            final List<String> o = new ArrayList<>(List.of("--topology", topology));
            if (dims != null) {
                o.addAll(List.of("--dims", dims));
            }
            o.addAll(List.of("--iterations", Integer.toString(iterations), "--message-size",
                Integer.toString(messageSize), "--elements", Integer.toString(elements), "--flops",
                Integer.toString(flops)));
            return o;
        }

        String describe() {
            return topology + (dims == null ? "" : " " + dims) + ", " + ranks + " ranks, " + iterations
                + " iterations, " + messageSize + " B messages, " + elements + " elements x " + flops + " flops";
        }
    }

    /**
     * Outcome: the ranks' own figures, the frames the kernel dropped from the captures, the engine's analysis and the
     * retransmitted payload segments per source IP.
     */
    record Outcome(Workload workload, List<Rank> ranks, long frames, long droppedByKernel, AnalysisResult result,
        String quotaStat, Map<String, Integer> retransmissions) {
        double maxRuntime() {
            return ranks.stream().mapToDouble(Rank::runtimeSeconds).max().orElseThrow();
        }

        /** TCP payload bytes the capture shows endpoint {@code mac} sending (retransmissions included). */
        long capturedPayloadBytes(final long mac) {
            return result.timeDecomposition().stream().filter(p -> p.src() == mac)
                .mapToLong(AnalysisResult.PairTime::bytes).sum();
        }
    }

    private final Testbed tb;
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();

    PatternsRun(final Testbed tb) {
        this.tb = tb;
        try {
            this.dir = Files.createTempDirectory("vt-patterns-");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return dir;
    }

    /**
     * Runs the workload with capture and analyses it.
     *
     * @param quotas cpu group per rank (may be empty): each rank's JVM goes into its group once its connections to
     *               its neighbours are up, i.e. before its first compute phase.
     */
    Outcome run(final Workload w, final Map<Integer, CpuQuota> quotas) throws IOException, InterruptedException {
        final List<Process> captures = new ArrayList<>();
        for (int vm = 1; vm <= w.ranks(); vm++) {
            captures.add(start("tcpdump-v" + vm, List.of("ip", "netns", "exec", tb.vmNs(vm), "tcpdump", "-i", "eth0",
                "-Q", "out", "-n", "--immediate-mode", "-s", "128", "-B", "8192", "-w",
                dir.resolve("v" + vm + ".pcap").toString())));
        }
        for (int vm = 1; vm <= w.ranks(); vm++) {
            awaitLog("tcpdump-v" + vm, "listening on", 10);
        }
        final StringBuilder peers = new StringBuilder();
        for (int vm = 1; vm <= w.ranks(); vm++) {
            peers.append(vm > 1 ? "," : "").append(tb.vmIp(vm)).append(':').append(PORT);
        }
        final List<Process> ranks = new ArrayList<>();
        for (int r = 0; r < w.ranks(); r++) {
            final List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", tb.vmNs(r + 1), PATTERNS.toString(),
                "--rank", Integer.toString(r), "--peers", peers.toString()));
            cmd.addAll(w.options());
            ranks.add(start("rank" + r, cmd));
        }
        for (final Map.Entry<Integer, CpuQuota> q : new TreeMap<>(quotas).entrySet()) {
            awaitConnections(ranks.get(q.getKey()), neighbourCount(w, q.getKey()), 60);
            q.getValue().move(ranks.get(q.getKey()).pid());
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (int r = 0; r < ranks.size(); r++) {
            final long left = deadline - System.nanoTime();
            if (!ranks.get(r).waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("rank " + r + " did not finish within 120 s: " + log("rank" + r));
            }
            if (ranks.get(r).exitValue() != 0) {
                throw new AssertionError("rank " + r + " failed: " + log("rank" + r));
            }
        }
        final StringBuilder quotaStat = new StringBuilder();
        for (final Map.Entry<Integer, CpuQuota> q : new TreeMap<>(quotas).entrySet()) {
            quotaStat.append(quotaStat.length() > 0 ? "; " : "").append("rank ").append(q.getKey()).append(' ')
                .append(q.getValue().describe()).append(": ").append(q.getValue().stat());
        }
        for (int vm = 1; vm <= w.ranks(); vm++) {
            awaitClosed(captures.get(vm - 1), "VM " + vm);
        }
        long dropped = 0;
        for (int vm = 1; vm <= w.ranks(); vm++) {
            final Process p = captures.get(vm - 1);
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
            final Matcher d = DROPPED.matcher(log("tcpdump-v" + vm));
            if (!d.find()) {
                throw new AssertionError("tcpdump in VM " + vm + " printed no statistics: " + log("tcpdump-v" + vm));
            }
            dropped += Long.parseLong(d.group(1));
        }
        final List<Rank> reports = new ArrayList<>();
        for (int r = 0; r < w.ranks(); r++) {
            final Matcher m = REPORT.matcher(log("rank" + r));
            if (!m.find()) {
                throw new AssertionError("rank " + r + " printed no report: " + log("rank" + r));
            }
            reports.add(new Rank(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)), Long.parseLong(m.group(4))));
        }
        final List<Path> pcaps = new ArrayList<>();
        for (int vm = 1; vm <= w.ranks(); vm++) {
            pcaps.add(dir.resolve("v" + vm + ".pcap"));
        }
        final Path merged = dir.resolve("all.pcap");
        final long frames = PcapMerge.merge(pcaps, merged);
        return new Outcome(w, reports, frames, dropped, analyse(merged), quotaStat.toString(),
            Retransmissions.count(merged));
    }

    /** The engine's analysis of a capture, with its defaults and the overlay's ports as control ports. */
    static AnalysisResult analyse(final Path capture) {
        final InferenceEngine engine = new InferenceEngine(new InferenceConfig().controlPorts(OVERLAY_PORTS));
        try (CaptureSource source = CaptureFiles.open(capture)) {
            engine.consume(source);
        }
        return engine.result();
    }

    private static int neighbourCount(final Workload w, final int rank) {
        return new org.vnet.tools.patterns.PatternTopology(
            org.vnet.tools.patterns.PatternTopology.Kind.parse(w.topology()), w.ranks(),
            w.dims() == null ? null : org.vnet.tools.patterns.PatternTopology.parseDims(w.dims()))
            .neighbours(rank).length;
    }

    /** Waits until {@code p}'s namespace holds {@code count} established connections on the Patterns port. */
    private static void awaitConnections(final Process p, final int count, final int seconds) {
        final int established = Await.until(Duration.ofSeconds(seconds),
            "rank process " + p.pid() + " connected to its " + count + " neighbours (established connections)",
            () -> patternsSockets(p.pid(), "01"::equals), n -> n >= count || !p.isAlive());
        if (established < count) {
            throw new AssertionError("rank process " + p.pid() + " exited before it connected to its " + count
                + " neighbours");
        }
    }

    /**
     * Waits until no Patterns connection in the namespace of {@code capture} is still closing (all in TIME_WAIT or
     * gone): every last FIN has been acknowledged, so the capture has seen the last ACKs leave.
     */
    private static void awaitClosed(final Process capture, final String vm) {
        Await.until(Duration.ofSeconds(10), "the Patterns connections in " + vm + " closed (sockets not in TIME_WAIT)",
            () -> patternsSockets(capture.pid(), state -> !"06".equals(state)), n -> n == 0);
    }

    /** Sockets on the Patterns port, seen from process {@code pid}'s namespace, whose TCP state matches. */
    private static int patternsSockets(final long pid, final Predicate<String> state) {
        final String port = String.format(Locale.ROOT, ":%04X", PORT);
        int n = 0;
        for (final String table : List.of("tcp", "tcp6")) {
            try {
                for (final String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table))) {
                    final String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && state.test(f[3]) && (f[1].endsWith(port) || f[2].endsWith(port))) {
                        n++;
                    }
                }
            } catch (final IOException e) {
                // table absent or process gone: the caller's condition decides
            }
        }
        return n;
    }

    private Process start(final String name, final List<String> cmd) throws IOException {
        final Path out = dir.resolve(name + ".log");
        final Process p = new ProcessBuilder(cmd).directory(Testbed.ROOT.toFile()).redirectErrorStream(true)
            .redirectOutput(out.toFile()).start();
        processes.add(p);
        return p;
    }

    private void awaitLog(final String name, final String text, final int seconds) {
        Await.until(Duration.ofSeconds(seconds), name + " to print '" + text + "'", () -> log(name), l -> l.contains(text));
    }

    String log(final String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            return "(no log " + name + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        for (final Process p : processes) {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (Boolean.getBoolean("vnet.patterns.keep")) {
            System.out.println("kept Patterns captures and logs in " + dir);
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (final IOException e) {
                    System.err.println("cannot delete " + f + ": " + e);
                }
            });
        } catch (final IOException e) {
            System.err.println("cannot clean " + dir + ": " + e);
        }
    }

    /** Per-rank map from MAC (as the engine keys endpoints) to rank, for VMs 1..ranks. */
    static Map<Long, Integer> macToRank(final Testbed tb, final int ranks) {
        final Map<Long, Integer> m = new HashMap<>();
        for (int r = 0; r < ranks; r++) {
            m.put(mac(tb.vmMac(r + 1)), r);
        }
        return m;
    }

    /** "02:00:00:00:00:0a" as a 48-bit long. */
    static long mac(final String text) {
        return Long.parseLong(text.replace(":", ""), 16);
    }
}
