package org.vnet.tools.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.control.ControlServer;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ControlClientTest {
    @TempDir
    Path tmp;

    @Test
    void shouldPipelineRequestsAndMatchAnswersById() throws IOException {
        try (ControlServer server = ControlServer.start(tmp.resolve("run/c.sock"), new FakeDaemon());
             ControlClient client = ControlClient.connect(server.socket())) {
            for (int i = 0; i < 3; i++) {
                client.send(JsonNodeFactory.instance.objectNode().put("cmd", "if.add").put("name", "tap" + i).put("id", "r" + i));
            }
            for (int i = 0; i < 3; i++) {
                final JsonNode a = client.receive();
                assertEquals("r" + i, a.get("id").asText());
                assertTrue(a.get("ok").asBoolean(), a.toString());
            }
            assertEquals(3, client.request(Vnetctl.request(org.vnet.protocol.Command.IF_LIST)).get("interfaces").size());
        }
    }

    @Test
    void shouldTimeOutWhenTheDaemonNeverAnswers() throws IOException {
        final Path path = tmp.resolve("mute.sock");
        try (ServerSocketChannel mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            mute.bind(UnixDomainSocketAddress.of(path));
            try (ControlClient client = ControlClient.connect(path, Duration.ofMillis(200))) {
                final SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                    () -> client.request(Vnetctl.request(org.vnet.protocol.Command.STATUS)));
                assertTrue(e.getMessage().contains("no answer from vnetd"), e.getMessage());
            }
        }
    }

    @Test
    void shouldFailToConnectWhereNothingListens() {
        assertThrows(IOException.class, () -> ControlClient.connect(tmp.resolve("none.sock")));
    }
}
