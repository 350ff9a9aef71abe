package org.vnet.tools.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AnalyzeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ETHERNET = 1;

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    /** No socket anywhere: analyze must not need the daemon. */
    private static Result vnetctl(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Vnetctl.run(args, Map.of(Vnetctl.SOCKET_ENV, "/nonexistent/vnetd.sock"), new PrintWriter(out),
            new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private Path ringPcap() throws IOException {
        // 4 ranks in a ring, 150 iterations of 20 ms compute + 6000-byte messages: about 3.2 s, ~47 it/s
        return TestCaptures.write(tmp.resolve("ring.pcap"),
            TestCaptures.pcap(TestCaptures.bsp(4, r -> TestCaptures.ring(r, 4), 150, 20_000_000L, 6000), ETHERNET));
    }

    @Test
    void shouldPrintReportOfRingCaptureWithoutDaemon() throws IOException {
        final Result r = vnetctl("analyze", ringPcap().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Topology: ring"), r.out());
        assertTrue(r.out().contains("Endpoints (4)"), r.out());
        for (int rank = 0; rank < 4; rank++) {
            assertTrue(r.out().contains(TestCaptures.mac(rank)), r.out());
        }
        assertTrue(r.out().contains("RIR"), r.out());
        assertTrue(r.out().contains("BIC"), r.out());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void shouldPrintJsonWithEveryKeyForRingCapture() throws IOException {
        final Result r = vnetctl("analyze", ringPcap().toString(), "--json");
        assertEquals(0, r.code(), r.err());
        final JsonNode doc = JSON.readTree(r.out());
        for (final String key : List.of("summary", "endpoints", "matrix", "topology", "rir", "bic", "bicSummary",
            "timeDecomposition", "network")) {
            assertTrue(doc.has(key), "missing key " + key);
        }
        assertEquals(4, doc.path("endpoints").size());
        for (final JsonNode e : doc.path("endpoints")) {
            for (final String key : List.of("mac", "ips", "framesSent", "bytesSent", "framesReceived", "bytesReceived")) {
                assertTrue(e.has(key), "endpoint misses " + key + ": " + e);
            }
            assertTrue(e.path("framesSent").asLong() > 0);
        }
        final JsonNode first = doc.path("endpoints").path(0);
        assertEquals(1, first.path("ips").size());
        assertTrue(first.path("ips").path(0).asText().startsWith("10.9.0."), first.toString());

        // ring: each rank talks to two neighbours, both directions -> 8 directed cells
        assertEquals(8, doc.path("matrix").size());
        for (final JsonNode m : doc.path("matrix")) {
            assertTrue(m.path("src").asText().startsWith("02:00:00:00:00:0"), m.toString());
            assertTrue(m.path("dst").asText().startsWith("02:00:00:00:00:0"), m.toString());
            assertTrue(m.path("bytes").asLong() > 0 && m.path("frames").asLong() > 0, m.toString());
        }
        final JsonNode topology = doc.path("topology");
        assertEquals("ring", topology.path("class").asText());
        assertTrue(topology.path("dims").isArray());
        assertEquals(4, topology.path("edges").size());
        for (final JsonNode edge : topology.path("edges")) {
            assertEquals(2, edge.size());
            assertTrue(edge.path(0).asText().matches("([0-9a-f]{2}:){5}[0-9a-f]{2}"), edge.toString());
        }
        assertEquals(4, doc.path("rir").size());
        doc.path("rir").properties().forEach(e -> {
            for (final String key : List.of("avg", "cdf", "periodSeconds", "adequate")) {
                assertTrue(e.getValue().has(key), "rir of " + e.getKey() + " misses " + key);
            }
            // the trace runs 47 iterations/s; RIR either says so or says why it cannot
            if (e.getValue().path("available").asBoolean()) {
                final double avg = e.getValue().path("avg").asDouble();
                assertTrue(avg > 35 && avg < 60, e.getKey() + " RIR " + avg);
            } else {
                assertTrue(e.getValue().path("avg").isNull());
            }
        });
        assertEquals(4, doc.path("bic").size());
        doc.path("bic").properties().forEach(e -> {
            assertTrue(e.getValue().has("delaySeconds"));
            assertTrue(e.getValue().has("byPeer"));
        });
        final JsonNode bic = doc.path("bicSummary");
        assertTrue(bic.has("loaded"));
        assertTrue(bic.has("imbalance"));
        for (final String key : List.of("estimate", "optimistic", "pessimistic")) {
            assertTrue(bic.path("slowdown").has(key), "slowdown misses " + key);
        }
        assertTrue(doc.path("timeDecomposition").size() > 0);
        assertTrue(doc.path("network").isArray());
    }

    @Test
    void shouldReadPcapngAllToAll() throws IOException {
        final Path file = TestCaptures.write(tmp.resolve("a2a.pcapng"),
            TestCaptures.pcapng(TestCaptures.bsp(4, r -> TestCaptures.allToAll(r, 4), 60, 10_000_000L, 3000)));
        final Result r = vnetctl("analyze", "--json", file.toString());
        assertEquals(0, r.code(), r.err());
        final JsonNode doc = JSON.readTree(r.out());
        assertEquals("all-to-all", doc.at("/topology/class").asText());
        assertEquals(12, doc.path("matrix").size());
        assertEquals(6, doc.at("/topology/edges").size());
    }

    @Test
    void shouldCountEveryFramePerPairWithMatrixOnly() throws IOException {
        final List<TestCaptures.Frame> frames = new ArrayList<>(
            TestCaptures.bsp(3, r -> TestCaptures.ring(r, 3), 5, 1_000_000L, 2000));
        frames.add(new TestCaptures.Frame(frames.get(frames.size() - 1).timeNs() + 1_000, TestCaptures.arp(0, 1)));
        final Path file = TestCaptures.write(tmp.resolve("m.pcap"), TestCaptures.pcap(frames, ETHERNET));
        final Result r = vnetctl("analyze", "--matrix-only", "--json", file.toString());
        assertEquals(0, r.code(), r.err());
        final JsonNode doc = JSON.readTree(r.out());
        assertEquals(frames.size(), doc.path("frames").asLong());
        boolean sawBroadcast = false;
        long total = 0;
        for (final JsonNode m : doc.path("matrix")) {
            total += m.path("frames").asLong();
            sawBroadcast |= m.path("dst").asText().equals("ff:ff:ff:ff:ff:ff");
        }
        assertEquals(frames.size(), total);
        assertTrue(sawBroadcast, "the raw matrix keeps noise: " + doc);
        // 0->1 carries 5 messages of 2 segments (1448 + 552 payload) and the ACKs of 1's messages to 0
        final JsonNode cell = cell(doc, TestCaptures.mac(0), TestCaptures.mac(1));
        assertEquals(5 * 2 + 5 * 2, cell.path("frames").asLong());
        assertEquals(5 * (2 * 54 + 2000) + 5 * 2 * 54, cell.path("bytes").asLong());
    }

    private static JsonNode cell(final JsonNode doc, final String src, final String dst) {
        for (final JsonNode m : doc.path("matrix")) {
            if (m.path("src").asText().equals(src) && m.path("dst").asText().equals(dst)) {
                return m;
            }
        }
        throw new AssertionError("no cell " + src + " -> " + dst + " in " + doc);
    }

    @Test
    void shouldPrintProgressWhenAsked() throws IOException {
        final Result r = vnetctl("analyze", "--progress", ringPcap().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().matches("(?s)analyze: read [0-9.]+ MB of [0-9.]+ MB \\(100%\\), [0-9,]+ packets, .*"), r.err());
        final Result quiet = vnetctl("analyze", "--no-progress", ringPcap().toString());
        assertEquals("", quiet.err());
    }

    @Test
    void shouldFormatProgressLine() {
        final long[] now = {0};
        final AnalyzeCommand.Progress p = new AnalyzeCommand.Progress(new PrintWriter(new StringWriter()), 200_000_000L,
            () -> now[0]);
        assertEquals("analyze: read 50.0 MB of 200.0 MB (25%), 1,000,000 packets, 0.50 M packets/s, 2.0 s",
            p.line(50_000_000L, 1_000_000L, 2_000_000_000L));
    }

    // ---- bad input ----

    @Test
    void shouldRejectEmptyCapture() throws IOException {
        final Path file = TestCaptures.write(tmp.resolve("empty.pcap"), new byte[0]);
        final Result r = vnetctl("analyze", file.toString());
        assertEquals(AnalyzeCommand.EXIT_BAD_CAPTURE, r.code());
        assertTrue(r.err().contains("empty capture file"), r.err());
        assertEquals("", r.out());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void shouldRejectMissingFile() {
        final Result r = vnetctl("analyze", tmp.resolve("nope.pcap").toString());
        assertEquals(AnalyzeCommand.EXIT_BAD_CAPTURE, r.code());
        assertTrue(r.err().contains("no such capture file"), r.err());
    }

    @Test
    void shouldRejectFileThatIsNotACapture() throws IOException {
        final Path file = TestCaptures.write(tmp.resolve("text.pcap"),
            "this is not a capture file at all, just text\n".repeat(4).getBytes());
        final Result r = vnetctl("analyze", file.toString());
        assertEquals(AnalyzeCommand.EXIT_BAD_CAPTURE, r.code());
        assertTrue(r.err().startsWith("vnetctl analyze: " + file + ": "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void shouldRejectTruncatedCaptureUnlessPartial() throws IOException {
        final byte[] whole = TestCaptures.pcap(TestCaptures.bsp(4, r -> TestCaptures.ring(r, 4), 20, 5_000_000L, 3000),
            ETHERNET);
        final Path file = TestCaptures.write(tmp.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 30));
        final Result r = vnetctl("analyze", file.toString());
        assertEquals(AnalyzeCommand.EXIT_BAD_CAPTURE, r.code());
        assertTrue(r.err().contains("truncated packet data"), r.err());
        assertTrue(r.err().contains("--partial"), r.err());
        assertEquals("", r.out());

        final Result partial = vnetctl("analyze", "--partial", "--json", file.toString());
        assertEquals(0, partial.code(), partial.err());
        assertTrue(partial.err().contains("warning"), partial.err());
        assertEquals("ring", JSON.readTree(partial.out()).at("/topology/class").asText());
    }

    @Test
    void shouldRejectCorruptRecordLength() throws IOException {
        final byte[] bytes = TestCaptures.pcap(TestCaptures.bsp(2, r -> new int[] {1 - r}, 3, 1_000_000L, 100), ETHERNET);
        // captured length of the first record: 0x7fffffff
        bytes[24 + 8] = -1;
        bytes[24 + 9] = -1;
        bytes[24 + 10] = -1;
        bytes[24 + 11] = 0x7f;
        final Result r = vnetctl("analyze", TestCaptures.write(tmp.resolve("corrupt.pcap"), bytes).toString());
        assertEquals(AnalyzeCommand.EXIT_BAD_CAPTURE, r.code());
        assertTrue(r.err().contains("corrupt packet record header"), r.err());
        assertTrue(r.err().contains("byte offset 24"), r.err());
    }

    @Test
    void shouldRejectUnsupportedLinkType() throws IOException {
        final byte[] bytes = TestCaptures.pcap(TestCaptures.bsp(2, r -> new int[] {1 - r}, 3, 1_000_000L, 100), 105);
        final Result r = vnetctl("analyze", TestCaptures.write(tmp.resolve("wifi.pcap"), bytes).toString());
        assertEquals(AnalyzeCommand.EXIT_BAD_CAPTURE, r.code());
        assertTrue(r.err().toLowerCase().contains("link type"), r.err());
        assertTrue(r.err().contains("105"), r.err());
    }

    @Test
    void shouldSayNotEnoughDataWithoutApplicationTraffic() throws IOException {
        final List<TestCaptures.Frame> frames = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            frames.add(new TestCaptures.Frame(1_000_000_000_000L + i * 1_000_000L, TestCaptures.arp(i % 3, (i + 1) % 3)));
            frames.add(new TestCaptures.Frame(1_000_000_000_500L + i * 1_000_000L, TestCaptures.udp(0, 1, 5353, 5353, 40)));
        }
        final Path file = TestCaptures.write(tmp.resolve("noise.pcap"), TestCaptures.pcap(frames, ETHERNET));
        final Result r = vnetctl("analyze", "--json", file.toString());
        assertEquals(0, r.code(), r.err());
        final JsonNode doc = JSON.readTree(r.out());
        assertTrue(doc.at("/summary/notes").toString().contains("not enough data: no application traffic"),
            doc.path("summary").toString());
        assertEquals(0, doc.path("matrix").size());
        assertFalse(doc.at("/bicSummary/available").asBoolean());
        assertTrue(doc.at("/bicSummary/slowdown/estimate").isNull());
        final Result text = vnetctl("analyze", file.toString());
        assertTrue(text.out().contains("not enough data"), text.out());
    }

    @Test
    void shouldSayNoTcpForUdpOnlyCapture() throws IOException {
        final List<TestCaptures.Frame> frames = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            frames.add(new TestCaptures.Frame(1_000_000_000_000L + i * 10_000_000L, TestCaptures.udp(0, 1, 7000, 7000, 500)));
            frames.add(new TestCaptures.Frame(1_000_000_003_000L + i * 10_000_000L, TestCaptures.udp(1, 0, 7000, 7000, 500)));
        }
        final Path file = TestCaptures.write(tmp.resolve("udp.pcap"), TestCaptures.pcap(frames, ETHERNET));
        final Result r = vnetctl("analyze", "--json", file.toString());
        assertEquals(0, r.code(), r.err());
        final JsonNode doc = JSON.readTree(r.out());
        assertTrue(doc.at("/summary/notes").toString().contains("no TCP traffic"), doc.path("summary").toString());
        assertEquals(2, doc.path("matrix").size());
        doc.path("rir").properties().forEach(e -> {
            assertFalse(e.getValue().path("available").asBoolean(), e.toString());
            assertTrue(e.getValue().path("avg").isNull(), e.toString());
        });
        for (final JsonNode t : doc.path("timeDecomposition")) {
            assertTrue(t.path("averageLatencySeconds").isNull(), t.toString());
        }
    }

    @Test
    void shouldNotMakeUpNumbersForOneWayTrafficFromOneSender() throws IOException {
        final List<TestCaptures.Frame> frames = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            frames.add(new TestCaptures.Frame(1_000_000_000_000L + i * 10_000_000L, TestCaptures.udp(0, 1, 7000, 7000, 800)));
        }
        final Path file = TestCaptures.write(tmp.resolve("oneway.pcap"), TestCaptures.pcap(frames, ETHERNET));
        final Result r = vnetctl("analyze", "--json", file.toString());
        assertEquals(0, r.code(), r.err());
        final JsonNode doc = JSON.readTree(r.out());
        assertEquals(1, doc.path("matrix").size());
        assertFalse(doc.at("/bicSummary/available").asBoolean(), doc.path("bicSummary").toString());
        assertFalse(doc.at("/bicSummary/reason").asText().isEmpty());
        assertTrue(doc.at("/bicSummary/slowdown/estimate").isNull());
    }

    // ---- options ----

    @Test
    void shouldMapOptionsToTheConfig() throws IOException {
        final Result r = vnetctl("analyze", "--json", "--alpha", "0.3", "--c", "2", "--window", "0.5",
            "--ignore-ports", "none", "--ignore-ethertypes", "0x0806,34525", ringPcap().toString());
        assertEquals(0, r.code(), r.err());
        final JsonNode rir = JSON.readTree(r.out()).path("rir").elements().next();
        assertEquals(0.5, rir.path("windowSeconds").asDouble(), 1e-9);
        assertEquals(0.1, rir.path("slideSeconds").asDouble(), 1e-9);

        // the application's port added to the noise list: nothing is left
        final Result added = vnetctl("analyze", "--json", "--ignore-ports", "+31000,9", ringPcap().toString());
        assertEquals(0, added.code(), added.err());
        final JsonNode summary = JSON.readTree(added.out()).path("summary");
        assertEquals(0, summary.path("applicationEvents").asLong(), summary.toString());
        assertTrue(summary.path("notes").toString().contains("not enough data"), summary.toString());
        final Result ipv4Noise = vnetctl("analyze", "--json", "--ignore-ethertypes", "+0x0800", ringPcap().toString());
        assertEquals(0, JSON.readTree(ipv4Noise.out()).at("/summary/applicationEvents").asLong());
    }

    @Test
    void shouldRejectBadParametersWithUsageCode() throws IOException {
        final String file = ringPcap().toString();
        assertBad(vnetctl("analyze", "--alpha", "2", file), "alpha must be in [0, 1]");
        assertBad(vnetctl("analyze", "--alpha", "NaN", file), "alpha");
        assertBad(vnetctl("analyze", "--c", "0", file), "c must be in (0, 100]");
        assertBad(vnetctl("analyze", "--window", "-1", file), "--window must be a positive number");
        assertBad(vnetctl("analyze", "--window", "0.5", "--slide", "0.8", file), "RIR slide must be in");
        assertBad(vnetctl("analyze", "--ignore-ports", "22,70000", file), "--ignore-ports: out of range");
        assertBad(vnetctl("analyze", "--ignore-ports", "ssh", file), "--ignore-ports: not a number: 'ssh'");
        assertBad(vnetctl("analyze", "--ignore-ethertypes", "0x1ffff", file), "--ignore-ethertypes: out of range");
        assertBad(vnetctl("analyze", "--alpha", "abc", file), "abc");
        assertBad(vnetctl("analyze"), "CAPTURE");
    }

    private static void assertBad(final Result r, final String message) {
        assertEquals(Vnetctl.EXIT_USAGE, r.code(), r.err());
        assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void shouldNotNeedTheSocketOption() throws IOException {
        final Path file = ringPcap();
        final Result r = vnetctl("-s", tmp.resolve("no.sock").toString(), "analyze", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Topology: ring"), r.out());
        assertTrue(Files.exists(file));
        // vnetctl's own --json before the command works too
        final Result json = vnetctl("--json", "analyze", file.toString());
        assertEquals(0, json.code(), json.err());
        assertEquals("ring", JSON.readTree(json.out()).at("/topology/class").asText());
    }
}
