package org.vnet.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.testing.Await;

/** A control server whose every client slot is taken: the operator still gets in. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ControlServerFullTest {
    /** 64 clients, idle ones closed after 10 min as by default, but made room for after 300 ms of quiet. */
    private static final ControlServer.Limits LIMITS = new ControlServer.Limits(1024, 64, 8 * 1024,
        Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMillis(300));

    @TempDir
    Path tmp;

    @Test
    void shouldAnswerANewClientWhenEverySlotIsTakenByIdleOnesByClosingTheLongestIdle() throws IOException {
        final Path socket = tmp.resolve("run").resolve("full.sock");
        final List<ControlTestClient> idle = new ArrayList<>();
        try (ControlServer server = ControlServer.start(socket, new InMemoryDaemonControl(), LIMITS)) {
            for (int i = 0; i < LIMITS.maxConnections(); i++) {
                final ControlTestClient c = new ControlTestClient(socket);
                idle.add(c);
                assertTrue(c.request("{\"cmd\":\"status\"}").get("ok").asBoolean());
            }
            assertEquals(LIMITS.maxConnections(), server.activeConnections());
            // the operator: answered as soon as an idle client has been quiet long enough to make room
            final JsonNode[] answer = new JsonNode[1];
            Await.until(Duration.ofSeconds(10), "an answer to the 65th client", () -> {
                try (ControlTestClient operator = new ControlTestClient(socket)) {
                    answer[0] = operator.request("{\"cmd\":\"status\"}");
                    return answer[0] != null && answer[0].get("ok").asBoolean();
                } catch (final IOException e) {
                    return false;
                }
            });
            // the first client, the longest quiet, made room and was told why
            final List<JsonNode> told = idle.get(0).readUntilClosed();
            assertEquals(1, told.size(), told.toString());
            assertFalse(told.get(0).get("ok").asBoolean());
            assertEquals("timeout", told.get(0).get("code").asText());
            assertTrue(told.get(0).get("error").asText().contains("to make room for a new client"), told.toString());
            assertEquals(1, server.timedOutClients());
            // the others stay served
            assertTrue(idle.get(1).request("{\"cmd\":\"status\"}").get("ok").asBoolean());
        } finally {
            for (final ControlTestClient c : idle) {
                c.close();
            }
        }
    }
}
