package org.vnet.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;

import org.junit.jupiter.api.Test;
import org.vnet.protocol.Json;
import org.vnet.testing.FuzzChecks;

/**
 * The control socket's pipeline (line framing, request decoding, {@link CommandHandler} on a daemon that keeps its
 * state in memory) on any bytes a client sends: every answer is one JSON line, an error names its code and reason,
 * no request ends in an internal error, no more answers than lines. Seeds: {@code ControlFuzzTestInputs/}.
 */
class ControlFuzzTest {
    private static final ControlServer.Limits LIMITS = new ControlServer.Limits(256, 4, 1 << 20,
        Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30));
    private final byte[] scratch = new byte[LIMITS.maxLineBytes()];

    @FuzzTest(maxDuration = "5m")
    void shouldAnswerEveryRequestLineWithoutInternalError(final byte[] input) throws IOException {
        final FuzzChecks.Meter meter = FuzzChecks.meter();
        final ControlCounters counters = new ControlCounters();
        final EmbeddedChannel ch = new EmbeddedChannel();
        ControlServer.pipeline(ch, LIMITS, counters, new CommandHandler(new InMemoryDaemonControl(), counters), scratch);
        final int read = 1 + input.length % 89;
        for (int at = 0; at < input.length && ch.isOpen(); at += read) {
            ch.writeInbound(Unpooled.wrappedBuffer(input, at, Math.min(read, input.length - at)));
        }
        if (ch.isOpen()) {
            ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
        ch.runPendingTasks();
        ch.checkException();

        int lines = 1;
        for (final byte b : input) {
            lines += b == '\n' ? 1 : 0;
        }
        int answers = 0;
        for (ByteBuf out = ch.readOutbound(); out != null; out = ch.readOutbound()) {
            try {
                if (out.isReadable()) {
                    answers++;
                    checkAnswer(out.toString(StandardCharsets.UTF_8));
                }
            } finally {
                out.release();
            }
        }
        ch.finishAndReleaseAll();
        assertEquals(0, counters.internalErrors.get(), "a request ended in an internal error");
        assertTrue(answers <= lines, answers + " answers to " + lines + " lines");
        meter.assertAllocatedAtMost(input.length, 1024, "answering a client");
    }

    /** Found by this fuzz test: after a last line without a newline, the framer read the empty buffer Netty hands it at close. */
    @Test
    void shouldCountNoInternalErrorWhenTheLastLineHasNoNewline() {
        final ControlCounters counters = new ControlCounters();
        final EmbeddedChannel ch = new EmbeddedChannel();
        ControlServer.pipeline(ch, LIMITS, counters, new CommandHandler(new InMemoryDaemonControl(), counters), scratch);
        ch.writeInbound(Unpooled.copiedBuffer("{\"cmd\":\"status\"}", StandardCharsets.UTF_8));
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        ch.runPendingTasks();
        ch.finishAndReleaseAll();
        assertEquals(1, counters.requests.get());
        assertEquals(0, counters.internalErrors.get());
    }

    private static void checkAnswer(final String line) throws IOException {
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "not one line: " + line);
        final JsonNode answer = Json.MAPPER.readTree(line);
        assertTrue(answer.isObject() && answer.path("ok").isBoolean(), "not an answer: " + line);
        if (!answer.get("ok").asBoolean()) {
            assertFalse(answer.path("code").asText().isBlank(), "an error without a code: " + line);
            assertFalse(answer.path("error").asText().isBlank(), "an error without a reason: " + line);
            assertFalse(answer.path("code").asText().equals("internal"), "an internal error: " + line);
        }
    }
}
