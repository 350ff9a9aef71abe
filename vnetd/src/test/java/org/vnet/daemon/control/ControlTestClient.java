package org.vnet.daemon.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A blocking line client over a real Unix socket, for tests. */
final class ControlTestClient implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;

    ControlTestClient(final Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        out = Channels.newOutputStream(channel);
    }

    void sendRaw(final String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next response line, or null at end of stream. */
    JsonNode read() throws IOException {
        final String line = in.readLine();
        return line == null ? null : MAPPER.readTree(line);
    }

    JsonNode request(final String json) throws IOException {
        sendRaw(json + "\n");
        return read();
    }

    /** Every response until the server closes the connection. */
    List<JsonNode> readUntilClosed() throws IOException {
        final List<JsonNode> lines = new ArrayList<>();
        for (JsonNode n = read(); n != null; n = read()) {
            lines.add(n);
        }
        return lines;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
