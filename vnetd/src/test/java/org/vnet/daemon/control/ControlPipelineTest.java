package org.vnet.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vnet.protocol.Json;

/** The control pipeline in memory: framing, each error code, ordering, the time limits. */
class ControlPipelineTest {
    private static final ControlServer.Limits LIMITS = new ControlServer.Limits(256, 4, 4096,
        Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30));

    private InMemoryDaemonControl daemon;
    private ControlCounters counters;
    private EmbeddedChannel ch;

    @BeforeEach
    void setUp() {
        daemon = new InMemoryDaemonControl();
        counters = new ControlCounters();
        ch = new EmbeddedChannel();
        ControlServer.pipeline(ch, LIMITS, counters, new CommandHandler(daemon, counters), new byte[LIMITS.maxLineBytes()]);
    }

    private void send(final String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    /** The next response line; empty buffers (flushes) are skipped. */
    private JsonNode next() throws Exception {
        ByteBuf out = ch.readOutbound();
        while (out != null && !out.isReadable()) {
            out.release();
            out = ch.readOutbound();
        }
        if (out == null) {
            return null;
        }
        try {
            final String line = out.toString(StandardCharsets.UTF_8);
            assertTrue(line.endsWith("\n"), "[" + line + "]");
            assertEquals(line.indexOf('\n'), line.length() - 1, "one response per line: " + line);
            return Json.MAPPER.readTree(line);
        } finally {
            out.release();
        }
    }

    private JsonNode error(final String code) throws Exception {
        final JsonNode r = next();
        assertFalse(r.get("ok").asBoolean(), r.toString());
        assertEquals(code, r.get("code").asText(), r.toString());
        return r;
    }

    @Test
    void shouldRunRequestsThatWouldWaitOnTheBlockingExecutorAndKeepTheResponsesInOrder() throws Exception {
        final ExecutorService blocking = Executors.newSingleThreadExecutor();
        try {
            final EmbeddedChannel loopCh = new EmbeddedChannel();
            ControlServer.pipeline(loopCh, LIMITS, counters, new CommandHandler(daemon, counters),
                new byte[LIMITS.maxLineBytes()], blocking);
            ch = loopCh;
            send("{\"cmd\":\"if.add\",\"id\":1,\"name\":\"eth0\"}\n{\"cmd\":\"nosuch\",\"id\":2}\n"
                + "{\"cmd\":\"if.list\",\"id\":3}\n");
            final List<JsonNode> responses = new ArrayList<>();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (responses.size() < 3 && System.nanoTime() < deadline) {
                loopCh.runPendingTasks();
                final JsonNode r = next();
                if (r != null) {
                    responses.add(r);
                } else {
                    Thread.onSpinWait();
                }
            }
            assertEquals(List.of(1, 2, 3), responses.stream().map(r -> r.get("id").asInt()).toList());
            assertTrue(responses.get(0).get("ok").asBoolean(), responses.get(0).toString());
            assertEquals("unknown-command", responses.get(1).get("code").asText(), responses.get(1).toString());
            assertEquals("eth0", responses.get(2).get("interfaces").get(0).get("name").asText(), responses.get(2).toString());
        } finally {
            blocking.shutdownNow();
        }
    }

    @Test
    void shouldAnswerOneLineWithTheCommandsFieldsAndEchoTheId() throws Exception {
        send("{\"cmd\":\"if.add\",\"id\":7,\"name\":\"eth0\",\"mtu\":1400}\n");
        final JsonNode r = next();
        assertEquals("{\"ok\":true,\"id\":7,\"interface\":{\"name\":\"eth0\",\"netns\":null,\"mtu\":1400}}", r.toString());
        assertNull(next());
    }

    @Test
    void shouldFrameLinesSplitAcrossReadsAndSeveralInOneRead() throws Exception {
        send("{\"cmd\":\"sta");
        assertNull(next());
        send("tus\",\"id\":\"a\"}\r\n\n  \n{\"cmd\":\"status\",\"id\":\"b\"}\n{\"cmd\":\"if.list\",\"id\":\"c\"}\n");
        assertEquals("a", next().get("id").asText());
        assertEquals("b", next().get("id").asText());
        assertEquals("c", next().get("id").asText());
        assertNull(next());
        assertEquals(3, counters.requests.get());
    }

    @Test
    void shouldAnswerMalformedJsonAsBadRequestAndGoOn() throws Exception {
        send("{\"cmd\":\n");
        assertTrue(error("bad-request").get("error").asText().startsWith("malformed JSON"));
        send("{\"cmd\":\"status\"}\n");
        assertTrue(next().get("ok").asBoolean());
        assertEquals(1, counters.badRequests.get());
        assertTrue(ch.isOpen());
    }

    @Test
    void shouldNameTheCommandsWhenTheCommandIsUnknown() throws Exception {
        send("{\"cmd\":\"reboot\",\"id\":\"x\"}\n");
        final JsonNode r = error("unknown-command");
        assertEquals("x", r.get("id").asText());
        assertTrue(r.get("error").asText().contains("commands: status, stats, if.list"), r.toString());
        assertEquals(1, counters.unknownCommands.get());
    }

    @Test
    void shouldListTheFieldsWhenAFieldIsUnknown() throws Exception {
        send("{\"cmd\":\"if.add\",\"name\":\"eth0\",\"mut\":1400}\n");
        assertEquals("unknown field 'mut' for if.add (fields: mtu, name, netns)", error("bad-request").get("error").asText());
        send("{\"cmd\":\"status\",\"verbose\":true}\n");
        assertEquals("unknown field 'verbose' for status (it takes none)", error("bad-request").get("error").asText());
    }

    @Test
    void shouldAnswerRefusedWithTheModelsReason() throws Exception {
        send("{\"cmd\":\"rule.del\",\"rule\":42}\n");
        assertEquals("no rule #42", error("refused").get("error").asText());
        assertEquals(1, counters.refused.get());
    }

    @Test
    void shouldAnswerInternalWhenTheDaemonFails() throws Exception {
        daemon.breakStats();
        send("{\"cmd\":\"stats\"}\n");
        assertTrue(error("internal").get("error").asText().contains("telemetry not started"));
        assertEquals(1, counters.internalErrors.get());
        assertTrue(ch.isOpen());
    }

    @Test
    void shouldAnswerTooLongAndCloseAfterTheLinesBeforeIt() throws Exception {
        send("{\"cmd\":\"status\",\"id\":1}\n{\"cmd\":\"status\",\"pad\":\"" + "x".repeat(300) + "\"}\n{\"cmd\":\"status\"}\n");
        assertEquals(1, next().get("id").asInt());
        assertTrue(error("too-long").get("error").asText().contains("longer than 256 bytes"));
        assertNull(next());
        assertFalse(ch.isOpen());
        assertEquals(1, counters.oversizeRequests.get());
    }

    @Test
    void shouldAnswerALastLineWithoutNewlineWhenTheInputEnds() throws Exception {
        send("{\"cmd\":\"status\",\"id\":\"last\"}");
        assertNull(next());
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertEquals("last", next().get("id").asText());
        assertFalse(ch.isOpen());
    }

    @Test
    void shouldTimeOutALineLeftUnfinished() throws Exception {
        send("{\"cmd\":\"sta");
        ch.advanceTimeBy(LIMITS.stallTimeout().toNanos() + 1, TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
        assertTrue(error("timeout").get("error").asText().contains("not finished"));
        assertFalse(ch.isOpen());
        assertEquals(1, counters.timedOutClients.get());
    }

    @Test
    void shouldTimeOutAnIdleClient() throws Exception {
        send("{\"cmd\":\"status\"}\n");
        assertTrue(next().get("ok").asBoolean());
        ch.advanceTimeBy(LIMITS.idleTimeout().toNanos() + 1, TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(error("timeout").get("error").asText().contains("idle for 30000 ms"));
        assertFalse(ch.isOpen());
    }

    @Test
    void shouldNotTimeOutAClientBetweenCompleteRequests() throws Exception {
        send("{\"cmd\":\"status\"}\n");
        assertTrue(next().get("ok").asBoolean());
        ch.advanceTimeBy(LIMITS.stallTimeout().toNanos() * 3, TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        assertNull(next());
        assertTrue(ch.isOpen());
        assertEquals(0, counters.timedOutClients.get());
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrderAcrossTurns() throws Exception {
        final StringBuilder batch = new StringBuilder();
        final int n = ControlHandler.REQUESTS_PER_TURN * 2 + 5;
        for (int i = 0; i < n; i++) {
            batch.append("{\"cmd\":\"if.add\",\"id\":").append(i).append(",\"name\":\"tap").append(i).append("\"}\n");
        }
        send(batch.toString());
        ch.runPendingTasks();
        for (int i = 0; i < n; i++) {
            ch.runPendingTasks();
            final JsonNode r = next();
            assertEquals(i, r.get("id").asInt(), r.toString());
        }
        assertEquals(n, daemon.state().interfaces().size());
    }
}
