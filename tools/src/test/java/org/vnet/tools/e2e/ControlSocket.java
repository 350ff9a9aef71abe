package org.vnet.tools.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One request on a daemon's control socket, answered in milliseconds (vnetctl starts a JVM per call,
 * seconds on a loaded machine): for tests that poll a daemon's state while a fault lasts.
 */
final class ControlSocket {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ControlSocket() {
    }

    /** Sends {@code {"cmd":command}} to the daemon listening on {@code socket}; its answer, which must be ok. */
    static JsonNode request(final Path socket, final String command) {
        return send(socket, "{\"cmd\":\"" + command + "\"}");
    }

    /** Sends the request {@code json} (one JSON object) to the daemon on {@code socket}; its answer, which must be ok. */
    static JsonNode send(final Path socket, final String json) {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8)));
            final ByteArrayOutputStream line = new ByteArrayOutputStream();
            final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            while (true) {
                buf.clear();
                if (ch.read(buf) < 0) {
                    throw new AssertionError(json + " on " + socket + ": connection closed before the answer");
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    final byte b = buf.get();
                    if (b == '\n') {
                        final JsonNode answer = JSON.readTree(line.toByteArray());
                        if (!answer.path("ok").asBoolean()) {
                            throw new AssertionError(json + " on " + socket + " refused: " + answer);
                        }
                        return answer;
                    }
                    line.write(b);
                }
            }
        } catch (final IOException e) {
            throw new AssertionError(json + " on " + socket + ": " + e, e);
        }
    }
}
