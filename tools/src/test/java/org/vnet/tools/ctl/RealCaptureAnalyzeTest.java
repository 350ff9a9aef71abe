package org.vnet.tools.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.vnet.testing.Await;
import org.vnet.testing.Privileged;

/**
 * {@code vnetctl analyze} on real captures: two network namespaces joined by a veth pair, ping and a small
 * python3 TCP exchange between them, captured by tcpdump on the veth (Ethernet, pcap), on {@code any} (Linux
 * cooked, pcap) and by dumpcap on the veth (pcapng). Needs root, ip, tcpdump, dumpcap and python3.
 */
@Privileged
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealCaptureAnalyzeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROUNDS = 20;
    private static final int MESSAGE = 3000;

    private final List<Process> processes = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private Path dir;
    private String nsA;
    private String nsB;
    private String ipA;
    private String ipB;
    private String macA;
    private String macB;
    private long framesAtoB;
    private long framesBtoA;

    @BeforeAll
    void captureRealTraffic() throws Exception {
        for (final String tool : List.of("ip", "tcpdump", "dumpcap", "python3")) {
            Assumptions.assumeTrue(onPath(tool), "needs " + tool);
        }
        final SecureRandom random = new SecureRandom();
        final String id = String.format("vt%06x", random.nextInt(1 << 24));
        final int net = 1 + random.nextInt(250);
        nsA = id + "a";
        nsB = id + "b";
        ipA = "10.213." + net + ".1";
        ipB = "10.213." + net + ".2";
        dir = Files.createTempDirectory("vnet-analyze-");
        run("ip", "netns", "add", nsA);
        namespaces.add(nsA);
        run("ip", "netns", "add", nsB);
        namespaces.add(nsB);
        run("ip", "-n", nsA, "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", nsB);
        run("ip", "-n", nsA, "addr", "add", ipA + "/24", "dev", "va");
        run("ip", "-n", nsB, "addr", "add", ipB + "/24", "dev", "vb");
        run("ip", "-n", nsA, "link", "set", "va", "up");
        run("ip", "-n", nsB, "link", "set", "vb", "up");
        macA = run("ip", "netns", "exec", nsA, "cat", "/sys/class/net/va/address").trim();
        macB = run("ip", "netns", "exec", nsB, "cat", "/sys/class/net/vb/address").trim();

        final Process eth = startAndWait("listening on", "ip", "netns", "exec", nsA, "tcpdump", "-i", "va", "--immediate-mode", "-U", "-n",
            "-w", dir.resolve("eth.pcap").toString());
        final Process any = startAndWait("listening on", "ip", "netns", "exec", nsA, "tcpdump", "-i", "any", "--immediate-mode", "-U", "-n",
            "-w", dir.resolve("any.pcap").toString());
        final Process ng = startAndWait("Capturing on", "ip", "netns", "exec", nsA, "dumpcap", "-i", "va", "-q",
            "-w", dir.resolve("eth.pcapng").toString());

        run("ip", "netns", "exec", nsA, "ping", "-c", "20", "-i", "0.02", "-q", ipB);
        final String server = "import socket\n"
            + "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
            + "s.bind(('" + ipB + "', 31000)); s.listen(1); print('ready', flush=True)\n"
            + "c, _ = s.accept()\n"
            + "for i in range(" + ROUNDS + "):\n"
            + "    got = 0\n"
            + "    while got < " + MESSAGE + ":\n"
            + "        got += len(c.recv(65536))\n"
            + "    c.sendall(b'y' * " + MESSAGE + ")\n"
            + "c.close()\n";
        final Process srv = startAndWait("ready", "ip", "netns", "exec", nsB, "python3", "-u", "-c", server);
        // the client's 20 ms before each round paces the workload (think time); it waits for nothing
        final String client = "import socket, time\n"
            + "c = socket.create_connection(('" + ipB + "', 31000))\n"
            + "for i in range(" + ROUNDS + "):\n"
            + "    time.sleep(0.02)\n"
            + "    c.sendall(b'x' * " + MESSAGE + ")\n"
            + "    got = 0\n"
            + "    while got < " + MESSAGE + ":\n"
            + "        got += len(c.recv(65536))\n"
            + "c.close()\n";
        run("ip", "netns", "exec", nsA, "python3", "-c", client);
        assertTrue(srv.waitFor(10, TimeUnit.SECONDS), "server did not finish");
        // the last frames: once neither side has a connection still closing, the last ACK has left; then the
        // three captures hold the same frames of the flow (tcpdump in immediate mode writes a packet at a time;
        // dumpcap writes its file in batches, flushed at its update interval, so it may lag the others)
        for (final String ns : List.of(nsA, nsB)) {
            Await.until(Duration.ofSeconds(10), "the connection in " + ns + " closed (only TIME_WAIT left)",
                () -> closing(ns), n -> n == 0);
        }
        final String flow = "tcp port 31000";
        Await.until(Duration.ofSeconds(10), "eth.pcap, any.pcap and eth.pcapng to hold the same frames of " + flow,
            () -> count(dir.resolve("eth.pcap"), flow) + " / " + count(dir.resolve("any.pcap"), flow) + " / "
                + countSoFar(dir.resolve("eth.pcapng"), flow),
            c -> c.split(" / ")[0].equals(c.split(" / ")[1]) && c.split(" / ")[0].equals(c.split(" / ")[2]));
        for (final Process p : List.of(eth, any, ng)) {
            p.destroy();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "capture did not stop");
        }
        framesAtoB = count(dir.resolve("eth.pcap"), "ether src " + macA + " and ether dst " + macB + " and not arp");
        framesBtoA = count(dir.resolve("eth.pcap"), "ether src " + macB + " and ether dst " + macA + " and not arp");
        // 20 echo requests (replies) and 20 messages, at least one frame each (veth offloads: a 3000-byte
        // message may be one GSO frame in the capture)
        assertTrue(framesAtoB >= 20 + ROUNDS && framesBtoA >= 20 + ROUNDS, framesAtoB + " / " + framesBtoA);
    }

    @AfterAll
    void cleanUp() throws Exception {
        for (final Process p : processes) {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        for (final String ns : namespaces) {
            // anything still running in our namespace was started by this test
            final Process pids = new ProcessBuilder("ip", "netns", "pids", ns).redirectErrorStream(true).start();
            final String out = new String(pids.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            pids.waitFor(5, TimeUnit.SECONDS);
            for (final String pid : out.split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        }
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (final Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void shouldAnalyzeEthernetPcapFromTcpdump() throws IOException {
        checkCapture(dir.resolve("eth.pcap"), framesAtoB, framesBtoA);
    }

    @Test
    void shouldAnalyzeLinuxCookedPcapFromTcpdumpAny() throws IOException {
        checkCapture(dir.resolve("any.pcap"), framesAtoB, framesBtoA);
    }

    @Test
    void shouldAnalyzeEthernetPcapngFromDumpcap() throws Exception {
        // dumpcap is a separate capture that may stop a frame earlier or later than tcpdump's: count its own frames
        final Path file = dir.resolve("eth.pcapng");
        checkCapture(file, count(file, "ether src " + macA + " and ether dst " + macB + " and not arp"),
            count(file, "ether src " + macB + " and ether dst " + macA + " and not arp"));
    }

    private void checkCapture(final Path file, final long framesAtoB, final long framesBtoA) throws IOException {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Vnetctl.run(new String[] {"analyze", "--json", file.toString()}, Map.of(),
            new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        final JsonNode doc = JSON.readTree(out.toString());
        assertEquals(ipA, endpoint(doc, macA).path("ips").path(0).asText(), doc.path("endpoints").toString());
        assertEquals(ipB, endpoint(doc, macB).path("ips").path(0).asText(), doc.path("endpoints").toString());
        assertEquals(framesAtoB, cell(doc, macA, macB).path("frames").asLong(), file + " " + doc.path("matrix"));
        assertEquals(framesBtoA, cell(doc, macB, macA).path("frames").asLong(), file + " " + doc.path("matrix"));
        assertTrue(cell(doc, macA, macB).path("bytes").asLong() > ROUNDS * MESSAGE);
        assertTrue(cell(doc, macB, macA).path("bytes").asLong() > ROUNDS * MESSAGE);
        assertEquals(2, doc.path("matrix").size(), doc.path("matrix").toString());
    }

    private static JsonNode endpoint(final JsonNode doc, final String mac) {
        for (final JsonNode e : doc.path("endpoints")) {
            if (e.path("mac").asText().equals(mac)) {
                return e;
            }
        }
        throw new AssertionError("no endpoint " + mac + " in " + doc.path("endpoints"));
    }

    private static JsonNode cell(final JsonNode doc, final String src, final String dst) {
        for (final JsonNode m : doc.path("matrix")) {
            if (m.path("src").asText().equals(src) && m.path("dst").asText().equals(dst)) {
                return m;
            }
        }
        throw new AssertionError("no cell " + src + " -> " + dst + " in " + doc.path("matrix"));
    }

    private static long count(final Path pcap, final String filter) {
        final String out = run("tcpdump", "-r", pcap.toString(), "-n", filter);
        return out.lines().filter(l -> !l.isBlank() && !l.startsWith("reading from")).count();
    }

    /** As {@link #count}, on a file still being written: a packet cut at the end is not counted, not an error. */
    private static long countSoFar(final Path capture, final String filter) {
        try {
            final Process p = new ProcessBuilder("tcpdump", "-r", capture.toString(), "-n", filter)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return out.lines().filter(l -> !l.isBlank() && !l.startsWith("reading from")).count();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted reading " + capture, e);
        }
    }

    /** TCP sockets on port 31000 in namespace {@code ns} that are not yet closed (TIME_WAIT counts as closed). */
    private static long closing(final String ns) {
        final String port = String.format(":%04X", 31000);
        return run("ip", "netns", "exec", ns, "cat", "/proc/net/tcp").lines().skip(1)
            .map(l -> l.trim().split("\\s+"))
            .filter(f -> f.length > 3 && !"06".equals(f[3]) && (f[1].endsWith(port) || f[2].endsWith(port)))
            .count();
    }

    private static boolean onPath(final String tool) {
        for (final String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command to completion; fails the test with its output if it fails. */
    private static String run(final String... command) {
        try {
            final Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
            return out;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Starts a long-running command, remembered for clean-up, and waits for {@code marker} on its output. */
    private Process startAndWait(final String marker, final String... command) throws IOException {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(p);
        final BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        final StringBuilder seen = new StringBuilder();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            seen.append(line).append('\n');
            if (line.contains(marker)) {
                final Thread drain = new Thread(() -> {
                    try {
                        reader.transferTo(java.io.Writer.nullWriter());
                    } catch (final IOException e) {
                        // the process ended
                    }
                }, "capture-output-drain");
                drain.setDaemon(true);
                drain.start();
                return p;
            }
        }
        throw new AssertionError("'" + marker + "' never printed by " + String.join(" ", command) + ": " + seen);
    }
}
