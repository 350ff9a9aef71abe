package org.vnet.tools.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.vnet.testing.Await;

/**
 * Drives {@code tools/testbed/testbed.sh} for end-to-end tests: hosts and VMs in network
 * namespaces with a random prefix, one vnetd per host. {@link #close()} tears everything down
 * (recorded PIDs, own namespaces) whatever happened.
 */
final class Testbed implements AutoCloseable {
    static final Path ROOT = locateRoot();
    static final Path SCRIPT = ROOT.resolve("tools/testbed/testbed.sh");
    static final Path VNETCTL = ROOT.resolve("tools/bin/vnetctl");
    static final Path VNETD = ROOT.resolve("tools/bin/vnetd");
    private static final ObjectMapper JSON = new ObjectMapper();

    final String prefix;
    final int hosts;
    final Map<String, String> env = new HashMap<>();
    private int spawned;

    /** Result of a finished command. */
    record Result(int code, String out, String err) {
        boolean ok() {
            return code == 0;
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Testbed(final String prefix, final int hosts) {
        this.prefix = prefix;
        this.hosts = hosts;
    }

    /** Brings up a testbed; on failure it has already been torn down and the log is in the exception. */
    static Testbed up(final int hosts, final String transport, final String links, final String... extra) {
        return up(Map.of(), hosts, transport, links, extra);
    }

    /** As {@link #up(int, String, String, String...)}, with {@code env} added to the daemons' environment. */
    static Testbed up(final Map<String, String> env, final int hosts, final String transport, final String links,
                      final String... extra) {
        final String prefix = String.format("vt%04x", ThreadLocalRandom.current().nextInt(0x10000));
        final Testbed tb = new Testbed(prefix, hosts);
        final List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString(), "up", "--hosts", Integer.toString(hosts),
            "--transport", transport, "--links", links, "--prefix", prefix, "--timeout", "60"));
        cmd.addAll(List.of(extra));
        final Result r = run(180, cmd, env);
        if (!r.ok()) {
            tb.close();
            throw new IllegalStateException("testbed up failed: " + r);
        }
        tb.loadEnv();
        return tb;
    }

    private void loadEnv() {
        final Result r = run(30, List.of(SCRIPT.toString(), "env", "--prefix", prefix));
        for (final String line : r.out().split("\n")) {
            final int eq = line.indexOf('=');
            if (eq > 0) {
                String v = line.substring(eq + 1);
                if (v.startsWith("'") && v.endsWith("'") && v.length() >= 2) {
                    v = v.substring(1, v.length() - 1);
                }
                env.put(line.substring(0, eq), v.replace("\\ ", " "));
            }
        }
    }

    String hostNs(final int i) {
        return env.get("TB_H" + i + "_NS");
    }

    String vmNs(final int i) {
        return env.get("TB_V" + i + "_NS");
    }

    String vmIp(final int i) {
        return env.get("TB_V" + i + "_IP");
    }

    String vmMac(final int i) {
        return env.get("TB_V" + i + "_MAC");
    }

    String socket(final int i) {
        return env.get("TB_H" + i + "_SOCK");
    }

    Path runDir() {
        return Path.of(env.get("TB_RUN"));
    }

    Path config(final int i) {
        return Path.of(env.get("TB_H" + i + "_CONFIG"));
    }

    /** Runs {@code cmd} inside namespace {@code ns}. */
    Result exec(final int timeoutSeconds, final String ns, final String... cmd) {
        final List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(cmd));
        return run(timeoutSeconds, c);
    }

    /** {@code count} pings from VM {@code from} to VM {@code to}; true if all were answered. */
    boolean ping(final int from, final int to, final int count) {
        return exec(10 + count, vmNs(from), "ping", "-c", Integer.toString(count), "-i", "0.2", "-W", "1", "-q",
            vmIp(to)).ok();
    }

    /** Retries a single ping for up to {@code seconds}. */
    boolean pingWithin(final int from, final int to, final int seconds) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (exec(5, vmNs(from), "ping", "-c", "1", "-W", "1", "-q", vmIp(to)).ok()) {
                return true;
            }
        }
        return false;
    }

    /** Runs vnetctl against host {@code i}'s daemon. */
    Result vnetctl(final int i, final String... args) {
        final List<String> c = new ArrayList<>(List.of(VNETCTL.toString(), "-s", socket(i)));
        c.addAll(List.of(args));
        return run(30, c);
    }

    /** Runs vnetctl --json against host {@code i} and parses the answer; fails on refusal. */
    JsonNode vnetctlJson(final int i, final String... args) {
        final List<String> a = new ArrayList<>(List.of("--json"));
        a.addAll(List.of(args));
        final Result r = vnetctl(i, a.toArray(new String[0]));
        if (!r.ok()) {
            throw new AssertionError("vnetctl " + String.join(" ", args) + " on h" + i + " failed: " + r);
        }
        try {
            return JSON.readTree(r.out());
        } catch (final IOException e) {
            throw new AssertionError("vnetctl --json printed no JSON: " + r, e);
        }
    }

    /** Frames sent on link {@code link} of host {@code i} so far. */
    long linkTxFrames(final int i, final String link) {
        for (final JsonNode p : ports(i)) {
            if ("link".equals(p.path("kind").asText()) && link.equals(p.path("name").asText())) {
                return p.path("txFrames").asLong();
            }
        }
        throw new AssertionError("h" + i + " has no link " + link);
    }

    /** A system counter of host {@code i}. */
    long systemCounter(final int i, final String name) {
        final JsonNode stats = vnetctlJson(i, "stats");
        final JsonNode sys = stats.has("system") ? stats.get("system") : stats.path("stats").path("system");
        return sys.path(name).asLong();
    }

    private JsonNode ports(final int i) {
        final JsonNode stats = vnetctlJson(i, "stats");
        return stats.has("ports") ? stats.get("ports") : stats.path("stats").path("ports");
    }

    /** Stops host {@code i}'s daemon with SIGTERM and waits for it to exit. */
    void stopDaemon(final int i) {
        final long pid = daemonPid(i);
        ProcessHandle.of(pid).ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroy);
            h.destroy();
            h.onExit().orTimeout(20, TimeUnit.SECONDS).join();
        });
    }

    /** Starts host {@code i}'s daemon again (recorded by the testbed, so {@link #close} stops it). */
    void startDaemon(final int i) {
        startDaemon(i, config(i));
    }

    /** Starts host {@code i}'s daemon with configuration {@code config}. */
    void startDaemon(final int i, final Path config) {
        startDaemon(i, config, "");
    }

    /** Starts host {@code i}'s daemon with configuration {@code config} and JVM options {@code javaOpts}. */
    void startDaemon(final int i, final Path config, final String javaOpts) {
        final String name = "h" + i + "-restart" + (++spawned);
        final Result r = run(30, List.of(SCRIPT.toString(), "spawn", "--prefix", prefix, name, hostNs(i),
            VNETD.toString(), "--config", config.toString()), javaOpts.isEmpty() ? Map.of()
            : Map.of("VNET_JAVA_OPTS", javaOpts));
        if (!r.ok()) {
            throw new AssertionError("spawn failed: " + r);
        }
        final long pid = Long.parseLong(r.out().trim());
        env.put("TB_H" + i + "_PID", Long.toString(pid));
        final String log = "h" + i + "-restart" + spawned;
        try {
            Await.until(Duration.ofSeconds(30), "restarted daemon h" + i + " to answer vnetctl status",
                () -> vnetctl(i, "status"), Result::ok);
        } catch (final AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- " + log + ".log\n" + log(log), e);
        }
    }

    /** Spawns {@code cmd} in namespace {@code ns} as {@code name} (stopped by {@link #close}); returns its PID. */
    String spawn(final String name, final String ns, final String... cmd) {
        final List<String> c = new ArrayList<>(List.of(SCRIPT.toString(), "spawn", "--prefix", prefix, name, ns));
        c.addAll(List.of(cmd));
        final Result r = run(30, c);
        if (!r.ok()) {
            throw new AssertionError("spawn " + name + " failed: " + r);
        }
        return r.out().trim();
    }

    /** Waits until a socket listens on {@code port} ({@code "tcp"} or {@code "udp"}) in namespace {@code ns}. */
    void awaitListening(final String ns, final String protocol, final int port) {
        Await.until(Duration.ofSeconds(20), protocol + " port " + port + " bound in " + ns,
            () -> exec(5, ns, "ss", "-Hln" + ("udp".equals(protocol) ? "u" : "t"), "sport = :" + port).out().trim(),
            s -> !s.isEmpty());
    }

    /** Starts a one-shot iperf3 server in namespace {@code ns} and waits until it listens. */
    void iperf3Server(final String ns) {
        spawn("iperf3-" + System.nanoTime(), ns, "iperf3", "-s", "-1");
        awaitListening(ns, "tcp", 5201);
    }

    /** Waits until {@code name}'s log (RUN/NAME.log) is not blank; returns it trimmed. */
    String awaitLog(final String name, final int seconds) {
        return Await.until(Duration.ofSeconds(seconds), name + " to write its output", () -> log(name).trim(),
            s -> !s.isEmpty());
    }

    /** Host {@code host}'s global topology as one line: class, dimensions, edges. */
    String topology(final int host) {
        final JsonNode t = vnetctlJson(host, "topology").path("topology");
        return t.path("class").asText() + " " + t.path("dims") + " " + t.path("edges");
    }

    /**
     * Waits until every daemon shows the same global topology as the hub h1 and that topology satisfies
     * {@code hub}; returns it (each daemon has heard the others' summaries).
     */
    String awaitSameTopology(final int seconds, final java.util.function.Predicate<String> hub) {
        return Await.until(Duration.ofSeconds(seconds), "every daemon to show the hub's topology", () -> {
            final List<String> views = new ArrayList<>();
            for (int h = 1; h <= hosts; h++) {
                views.add(topology(h));
            }
            return views;
        }, v -> hub.test(v.get(0)) && v.stream().allMatch(v.get(0)::equals)).get(0);
    }

    long daemonPid(final int i) {
        return Long.parseLong(env.get("TB_H" + i + "_PID"));
    }

    String log(final String name) {
        try {
            return Files.readString(runDir().resolve(name + ".log"));
        } catch (final IOException e) {
            return "(no log " + name + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        final Result r = run(120, List.of(SCRIPT.toString(), "down", "--prefix", prefix));
        if (!r.ok()) {
            System.err.println("testbed down " + prefix + ": " + r);
        }
    }

    static Result run(final int timeoutSeconds, final List<String> cmd) {
        return run(timeoutSeconds, cmd, Map.of());
    }

    static Result run(final int timeoutSeconds, final List<String> cmd, final Map<String, String> env) {
        try {
            final Path out = Files.createTempFile("vnet-e2e", ".out");
            final Path err = Files.createTempFile("vnet-e2e", ".err");
            try {
                final ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().putAll(env);
                final Process p = pb.start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor();
                    return new Result(124, Files.readString(out), Files.readString(err) + "\n(timed out after "
                        + timeoutSeconds + " s: " + String.join(" ", cmd) + ")");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (final IOException e) {
            return new Result(127, "", e.toString());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "", "interrupted");
        }
    }

    private static Path locateRoot() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("tools/testbed/testbed.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the project root from " + System.getProperty("user.dir"));
        }
        return p;
    }
}
