package org.vnet.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ControlServerTest {
    private static final ControlServer.Limits SMALL = new ControlServer.Limits(1024, 4, 8 * 1024,
        Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(10));

    @TempDir
    Path tmp;

    private Path socket;
    private InMemoryDaemonControl daemon;
    private ControlServer server;

    @BeforeEach
    void start() throws IOException {
        socket = tmp.resolve("run").resolve("t1.sock");
        daemon = new InMemoryDaemonControl();
        server = ControlServer.start(socket, daemon, SMALL);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private ControlTestClient client() throws IOException {
        return new ControlTestClient(socket);
    }

    @Test
    void shouldCreateOwnerOnlySocketInOwnerOnlyDirectory() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(ControlServer.THREAD_NAME)));
    }

    @Test
    void shouldRemoveSocketFileOnClose() throws IOException {
        server.close();
        assertFalse(Files.exists(socket));
        server.close();
    }

    @Test
    void shouldReplaceStaleSocketFileFromPreviousRun() throws IOException {
        server.close();
        final Path stale = tmp.resolve("run").resolve("stale.sock");
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(stale));
        }
        assertTrue(Files.exists(stale));
        server = ControlServer.start(stale, daemon, SMALL);
        socket = stale;
        try (ControlTestClient c = client()) {
            assertTrue(c.request("{\"cmd\":\"status\"}").get("ok").asBoolean());
        }
    }

    @Test
    void shouldRefuseSocketAnotherServerListensOn() {
        final IOException e = assertThrows(IOException.class, () -> ControlServer.start(socket, daemon, SMALL));
        assertTrue(e.getMessage().contains("already serving"), e.getMessage());
    }

    @Test
    void shouldRefuseToReplaceRegularFile() throws IOException {
        final Path file = tmp.resolve("run").resolve("notes.sock");
        Files.writeString(file, "operator data");
        final IOException e = assertThrows(IOException.class, () -> ControlServer.start(file, daemon, SMALL));
        assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
        assertEquals("operator data", Files.readString(file));
    }

    @Test
    void shouldRefuseDirectoryOthersCanWrite() throws IOException {
        final Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxr-x"));
        final IOException e = assertThrows(IOException.class, () -> ControlServer.start(shared.resolve("x.sock"), daemon, SMALL));
        assertTrue(e.getMessage().contains("others could replace the socket"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 700"), e.getMessage());
    }

    @Test
    void shouldServeOwnerOnlySocketInDirectoryOthersCanList() throws IOException {
        final Path listed = Files.createDirectory(tmp.resolve("listed"));
        Files.setPosixFilePermissions(listed, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ControlServer s = ControlServer.start(listed.resolve("x.sock"), daemon, SMALL);
             ControlTestClient c = new ControlTestClient(s.socket())) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(s.socket())));
            assertTrue(c.request("{\"cmd\":\"status\"}").get("ok").asBoolean());
        }
    }

    @Test
    void shouldAnswerStatus() throws IOException {
        try (ControlTestClient c = client()) {
            final JsonNode r = c.request("{\"cmd\":\"status\"}");
            assertTrue(r.get("ok").asBoolean());
            assertEquals("t1", r.at("/status/name").asText());
            assertEquals(1234, r.at("/status/uptimeMillis").asLong());
            assertEquals("jna", r.at("/status/tapIo").asText());
            assertEquals(0, r.at("/status/links").asInt());
        }
    }

    @Test
    void shouldAnswerStatsWithPortsRulesAndControlCounters() throws IOException {
        try (ControlTestClient c = client()) {
            c.request("{\"cmd\":\"if.add\",\"name\":\"eth0\"}");
            c.request("{\"cmd\":\"nope\"}");
            final JsonNode r = c.request("{\"cmd\":\"stats\"}");
            assertTrue(r.get("ok").asBoolean());
            assertEquals("eth0", r.at("/stats/ports/0/name").asText());
            assertEquals(2_500_000, r.at("/stats/ports/0/txBytes").asLong());
            assertEquals(2, r.at("/stats/system/frames.malformed").asLong());
            assertEquals(1, r.at("/stats/system/control.unknownCommands").asLong());
            assertEquals(3, r.at("/stats/system/control.requests").asLong());
        }
    }

    @Test
    void shouldAddListAndDeleteInterfaces() throws IOException {
        try (ControlTestClient c = client()) {
            JsonNode r = c.request("{\"cmd\":\"if.add\",\"name\":\"eth0\",\"netns\":\"vm1\",\"mtu\":1400}");
            assertTrue(r.get("ok").asBoolean(), r.toString());
            assertEquals("vm1", r.at("/interface/netns").asText());
            r = c.request("{\"cmd\":\"if.list\"}");
            assertEquals(1, r.get("interfaces").size());
            assertEquals(1400, r.at("/interfaces/0/mtu").asInt());
            r = c.request("{\"cmd\":\"if.del\",\"name\":\"eth0\"}");
            assertTrue(r.get("ok").asBoolean());
            assertTrue(daemon.state().interfaces().isEmpty());
        }
    }

    @Test
    void shouldAddListAndDeleteLinks() throws IOException {
        try (ControlTestClient c = client()) {
            JsonNode r = c.request("{\"cmd\":\"link.add\",\"name\":\"h2\",\"transport\":\"tcp\",\"peer\":\"10.200.0.2:7701\",\"accept\":true}");
            assertTrue(r.get("ok").asBoolean(), r.toString());
            assertEquals("tcp", r.at("/link/transport").asText());
            assertTrue(r.at("/link/accept").asBoolean());
            r = c.request("{\"cmd\":\"link.list\"}");
            assertEquals("10.200.0.2:7701", r.at("/links/0/peer").asText());
            r = c.request("{\"cmd\":\"link.del\",\"name\":\"h2\"}");
            assertTrue(r.get("ok").asBoolean());
            assertTrue(daemon.state().links().isEmpty());
        }
    }

    @Test
    void shouldAddASealedLinkAndNeverEchoItsKey() throws IOException {
        final String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        try (ControlTestClient c = client()) {
            JsonNode r = c.request("{\"cmd\":\"link.add\",\"name\":\"h2\",\"transport\":\"udp\",\"peer\":\"10.200.0.2:7700\","
                + "\"security\":\"aead\",\"key\":\"" + key + "\"}");
            assertTrue(r.get("ok").asBoolean(), r.toString());
            assertEquals("aead", r.at("/link/security").asText());
            r = c.request("{\"cmd\":\"link.list\"}");
            assertEquals("aead", r.at("/links/0/security").asText());
            assertTrue(!r.toString().contains(key) && r.at("/links/0/key").isMissingNode(), r.toString());
            assertTrue(daemon.state().links().get("h2").sealed());
            r = c.request("{\"cmd\":\"link.add\",\"name\":\"h3\",\"transport\":\"udp\",\"peer\":\"10.200.0.3:7700\","
                + "\"security\":\"aead\"}");
            assertFalse(r.get("ok").asBoolean(), r.toString());
        }
    }

    @Test
    void shouldAddListAndDeleteRulesByTheirAssignedId() throws IOException {
        try (ControlTestClient c = client()) {
            c.request("{\"cmd\":\"link.add\",\"name\":\"h3\",\"transport\":\"udp\",\"peer\":\"10.200.0.3:7700\"}");
            JsonNode r = c.request("{\"cmd\":\"rule.add\",\"src\":\"any\",\"dst\":\"02:00:00:00:00:03\",\"from\":\"any\",\"to\":\"link:h3\"}");
            assertTrue(r.get("ok").asBoolean(), r.toString());
            assertEquals(1, r.at("/rule/id").asInt());
            r = c.request("{\"cmd\":\"rule.add\",\"dst\":\"not-02:00:00:00:00:03\",\"to\":\"link:h3\"}");
            assertEquals(2, r.at("/rule/id").asInt());
            assertEquals("any", r.at("/rule/src").asText());
            r = c.request("{\"cmd\":\"rule.list\"}");
            assertEquals("02:00:00:00:00:03", r.at("/rules/0/dst").asText());
            assertEquals("link:h3", r.at("/rules/1/to").asText());
            r = c.request("{\"cmd\":\"rule.del\",\"rule\":1}");
            assertTrue(r.get("ok").asBoolean(), r.toString());
            assertEquals(1, daemon.state().rules().size());
        }
    }

    @Test
    void shouldRefuseConflictingChangesWithTheModelsReason() throws IOException {
        try (ControlTestClient c = client()) {
            c.request("{\"cmd\":\"link.add\",\"name\":\"h2\",\"transport\":\"udp\",\"peer\":\"10.200.0.2:7700\"}");
            JsonNode r = c.request("{\"cmd\":\"link.add\",\"name\":\"h2\",\"transport\":\"udp\",\"peer\":\"10.200.0.9:7700\"}");
            assertFalse(r.get("ok").asBoolean());
            assertEquals("refused", r.get("code").asText());
            assertEquals("link h2 already exists", r.get("error").asText());
            r = c.request("{\"cmd\":\"rule.add\",\"to\":\"if:eth9\"}");
            assertTrue(r.get("error").asText().contains("no interface eth9"), r.toString());
            r = c.request("{\"cmd\":\"rule.add\",\"dst\":\"zz:00\",\"to\":\"link:h2\"}");
            assertTrue(r.get("error").asText().contains("not a MAC address"), r.toString());
            r = c.request("{\"cmd\":\"rule.del\",\"rule\":42}");
            assertEquals("no rule #42", r.get("error").asText());
            r = c.request("{\"cmd\":\"link.add\",\"name\":\"h4\",\"transport\":\"udp\",\"peer\":\"10.0.0.1\"}");
            assertFalse(r.get("ok").asBoolean());
            assertEquals(5, server.refused());
            assertEquals(0, server.badRequests());
        }
    }

    @Test
    void shouldReportFailureToApplyAsRefusal() throws IOException {
        daemon.failNextApply("cannot open TAP eth0: Operation not permitted");
        try (ControlTestClient c = client()) {
            final JsonNode r = c.request("{\"cmd\":\"if.add\",\"name\":\"eth0\"}");
            assertEquals("cannot open TAP eth0: Operation not permitted", r.get("error").asText());
            assertTrue(daemon.state().interfaces().isEmpty());
        }
    }

    @Test
    void shouldAnswerBadRequestsClearlyAndKeepServing() throws IOException {
        try (ControlTestClient c = client()) {
            assertError(c.request("{\"cmd\":"), "bad-request", "malformed JSON");
            assertError(c.request("[1,2]"), "bad-request", "must be a JSON object");
            assertError(c.request("{\"name\":\"x\"}"), "bad-request", "'cmd' is missing");
            assertError(c.request("{\"cmd\":7}"), "bad-request", "'cmd' is missing or not a string");
            assertError(c.request("{\"cmd\":\"if.add\",\"name\":\"eth0\",\"mtu\":\"big\"}"), "bad-request", "'mtu' must be an integer");
            assertError(c.request("{\"cmd\":\"if.add\",\"name\":5}"), "bad-request", "'name' must be a string");
            assertError(c.request("{\"cmd\":\"if.add\",\"name\":\"eth0\",\"mut\":1400}"), "bad-request", "unknown field 'mut'");
            assertError(c.request("{\"cmd\":\"link.add\",\"name\":\"h2\",\"transport\":\"udp\",\"peer\":\"1.2.3.4:5\",\"accept\":\"yes\"}"),
                "bad-request", "'accept' must be true or false");
            assertError(c.request("{\"cmd\":\"rule.del\"}"), "bad-request", "'rule' is missing");
            assertError(c.request("{\"cmd\":\"status\"} {\"cmd\":\"status\"}"), "bad-request", "malformed JSON");
            assertError(c.request("{\"cmd\":\"status\",\"cmd\":\"stats\"}"), "bad-request", "Duplicate field");
            assertError(c.request("{\"cmd\":\"reboot\"}"), "unknown-command", "unknown command 'reboot'");
            assertTrue(c.request("{\"cmd\":\"status\"}").get("ok").asBoolean());
            assertEquals(11, server.badRequests());
            assertEquals(1, server.unknownCommands());
            assertEquals(0, daemon.applied());
        }
    }

    @Test
    void shouldAnswerGarbageAndDeepNestingAsBadRequests() throws IOException {
        try (ControlTestClient c = client()) {
            c.channel.write(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x01, '\n'}));
            assertError(c.read(), "bad-request", "malformed JSON");
            assertError(c.request("{\"cmd\":\"status\",\"id\":{\"a\":1}}"), "bad-request", "'id' must be a string or a number");
            assertError(c.request("null"), "bad-request", "must be a JSON object");
            assertTrue(c.request("{\"cmd\":\"status\"}").get("ok").asBoolean());
        }
    }

    @Test
    void shouldRefuseNestingDeeperThanTheParserAllowsWithinDefaultLimits() throws IOException {
        final Path defaults = tmp.resolve("run").resolve("defaults.sock");
        try (ControlServer big = ControlServer.start(defaults, daemon);
             ControlTestClient c = new ControlTestClient(defaults)) {
            assertError(c.request("[".repeat(5000) + "]".repeat(5000)), "bad-request", "malformed JSON");
            assertTrue(c.request("{\"cmd\":\"status\"}").get("ok").asBoolean());
            assertEquals(1, big.badRequests());
        }
    }

    @Test
    void shouldAnswerInternalErrorWhenTheDaemonFailsAndKeepServing() throws IOException {
        daemon.breakStats();
        try (ControlTestClient c = client()) {
            final JsonNode r = c.request("{\"cmd\":\"stats\",\"id\":\"s\"}");
            assertError(r, "internal", "telemetry not started");
            assertEquals("s", r.get("id").asText());
            assertEquals(1, server.internalErrors());
            assertTrue(c.request("{\"cmd\":\"status\"}").get("ok").asBoolean());
        }
    }

    private static void assertError(final JsonNode r, final String code, final String text) {
        assertFalse(r.get("ok").asBoolean(), r.toString());
        assertEquals(code, r.get("code").asText(), r.toString());
        assertTrue(r.get("error").asText().contains(text), r.toString());
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrderEchoingIds() throws IOException {
        try (ControlTestClient c = client()) {
            final StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                batch.append("{\"cmd\":\"if.add\",\"id\":").append(i).append(",\"name\":\"tap").append(i).append("\"}\r\n");
            }
            batch.append("\n{\"cmd\":\"if.list\",\"id\":\"last\"}\n");
            c.sendRaw(batch.toString());
            for (int i = 0; i < 100; i++) {
                final JsonNode r = c.read();
                assertEquals(i, r.get("id").asInt());
                assertTrue(r.get("ok").asBoolean(), r.toString());
                assertEquals("tap" + i, r.at("/interface/name").asText());
            }
            final JsonNode last = c.read();
            assertEquals("last", last.get("id").asText());
            assertEquals(100, last.get("interfaces").size());
        }
    }

    @Test
    void shouldAnswerFinalLineWithoutNewlineThenClose() throws IOException {
        try (ControlTestClient c = client()) {
            c.sendRaw("{\"cmd\":\"status\",\"id\":\"a\"}\n{\"cmd\":\"status\",\"id\":\"b\"}");
            c.channel.shutdownOutput();
            final List<JsonNode> answers = c.readUntilClosed();
            assertEquals(2, answers.size());
            assertEquals("b", answers.get(1).get("id").asText());
        }
    }

    @Test
    void shouldCloseConnectionOnOverlongLineAfterSayingWhy() throws IOException {
        try (ControlTestClient c = client(); ControlTestClient other = client()) {
            c.sendRaw("{\"cmd\":\"status\"}\n{\"cmd\":\"status\",\"pad\":\"" + "x".repeat(2000));
            final List<JsonNode> answers = c.readUntilClosed();
            assertEquals(2, answers.size());
            assertTrue(answers.get(0).get("ok").asBoolean());
            assertError(answers.get(1), "too-long", "longer than 1024 bytes");
            assertEquals(1, server.oversizeRequests());
            assertTrue(other.request("{\"cmd\":\"status\"}").get("ok").asBoolean());
        }
    }

    @Test
    void shouldAcceptLineOfExactlyTheLimit() throws IOException {
        try (ControlTestClient c = client()) {
            final String prefix = "{\"cmd\":\"status\",\"id\":\"";
            final String line = prefix + "x".repeat(1024 - prefix.length() - 2) + "\"}";
            assertEquals(1024, line.length());
            assertTrue(c.request(line).get("ok").asBoolean());
        }
    }

    @Test
    void shouldRefuseConnectionsBeyondTheLimitWithBusy() throws IOException {
        final List<ControlTestClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < SMALL.maxConnections(); i++) {
                final ControlTestClient c = client();
                held.add(c);
                assertTrue(c.request("{\"cmd\":\"status\"}").get("ok").asBoolean());
            }
            try (ControlTestClient extra = client()) {
                final List<JsonNode> answers = extra.readUntilClosed();
                assertEquals(1, answers.size());
                assertError(answers.get(0), "busy", "too many control connections");
            }
            assertEquals(1, server.rejectedConnections());
            held.remove(0).close();
            waitFor(() -> server.activeConnections() < SMALL.maxConnections());
            try (ControlTestClient again = client()) {
                assertTrue(again.request("{\"cmd\":\"status\"}").get("ok").asBoolean());
            }
        } finally {
            for (final ControlTestClient c : held) {
                c.close();
            }
        }
    }

    @Test
    void shouldCloseClientThatNeverReadsWithoutHoldingUpOthers() throws IOException {
        try (ControlTestClient greedy = client(); ControlTestClient polite = client()) {
            greedy.channel.configureBlocking(false);
            final ByteBuffer many = ByteBuffer.wrap("{\"cmd\":\"stats\"}\n".repeat(60).getBytes());
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (greedy.channel.isOpen() && System.nanoTime() < deadline && server.timedOutClients() == 0) {
                many.rewind();
                try {
                    greedy.channel.write(many);
                } catch (final IOException e) {
                    break;
                }
                assertTrue(polite.request("{\"cmd\":\"status\"}").get("ok").asBoolean());
            }
            waitFor(() -> server.timedOutClients() == 1);
            assertTrue(polite.request("{\"cmd\":\"status\"}").get("ok").asBoolean());
            assertEquals(1, server.activeConnections());
        }
    }

    @Test
    void shouldTimeOutUnfinishedRequestLine() throws IOException {
        try (ControlTestClient c = client()) {
            c.sendRaw("{\"cmd\":\"sta");
            final List<JsonNode> answers = c.readUntilClosed();
            assertEquals(1, answers.size());
            assertError(answers.get(0), "timeout", "not finished");
            assertEquals(1, server.timedOutClients());
        }
    }

    @Test
    void shouldAnswerEverythingToAClientThatReadsLate() throws IOException {
        try (ControlTestClient c = client()) {
            final int n = 400;
            c.sendRaw("{\"cmd\":\"stats\"}\n".repeat(n));
            waitFor(() -> server.requests() > 0);
            for (int i = 0; i < n; i++) {
                assertTrue(c.read().get("ok").asBoolean());
            }
            assertEquals(0, server.timedOutClients());
            assertEquals(n, server.requests());
        }
    }

    @Test
    void shouldCloseIdleClientAfterSayingWhy() throws IOException {
        final ControlServer.Limits quick = new ControlServer.Limits(1024, 4, 8 * 1024, Duration.ofSeconds(5), Duration.ofMillis(300),
            Duration.ofSeconds(10));
        final Path idleSocket = tmp.resolve("run").resolve("idle.sock");
        try (ControlServer idle = ControlServer.start(idleSocket, daemon, quick);
             ControlTestClient c = new ControlTestClient(idleSocket)) {
            final List<JsonNode> answers = c.readUntilClosed();
            assertEquals(1, answers.size());
            assertError(answers.get(0), "timeout", "idle for 300 ms");
            assertEquals(1, idle.timedOutClients());
        }
    }

    @Test
    void shouldServeConcurrentClients() throws Exception {
        final int clients = SMALL.maxConnections();
        final ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            final List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                final int thread = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    try (ControlTestClient c = client()) {
                        for (int i = 0; i < 25; i++) {
                            final JsonNode r = c.request("{\"cmd\":\"link.add\",\"name\":\"l" + thread + "-" + i
                                + "\",\"transport\":\"udp\",\"peer\":\"10.1." + thread + "." + (i + 1) + ":7700\"}");
                            ok += r.get("ok").asBoolean() ? 1 : 0;
                        }
                    }
                    return ok;
                }));
            }
            for (final Future<Integer> f : results) {
                assertEquals(25, f.get(15, TimeUnit.SECONDS));
            }
            assertEquals(clients * 25, daemon.state().links().size());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void waitFor(final java.util.function.BooleanSupplier condition) {
        org.vnet.testing.Await.until(java.time.Duration.ofSeconds(5), "the condition", condition);
    }
}
