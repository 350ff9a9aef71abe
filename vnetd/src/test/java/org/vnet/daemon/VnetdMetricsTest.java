package org.vnet.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.config.DaemonConfig;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.testing.Await;

/**
 * A whole daemon with {@code http:} configured: its {@code /metrics} shows what its UDP link
 * received from a peer (a plain socket) and the control requests it answered; when promtool is
 * installed the exposition passes {@code promtool check metrics} with nothing to say.
 */
class VnetdMetricsTest {
    @TempDir
    Path dir;
    DatagramSocket peer;
    Vnetd daemon;
    InetSocketAddress udp;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() throws Exception {
        peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        udp = new InetSocketAddress(InetAddress.getLoopbackAddress(), freeUdpPort());
        final Path file = dir.resolve("m.yaml");
        Files.writeString(file, String.join("\n",
            "name: m",
            "listen: { udp: \"127.0.0.1:" + udp.getPort() + "\" }",
            "control: m.sock",
            "state: m.state.json",
            "counters: m.counters",
            "datapath: { mode: java }",
            "http: { listen: \"127.0.0.1:" + freeTcpPort() + "\" }",
            "links: [ { name: p, transport: udp, peer: \"127.0.0.1:" + peer.getLocalPort() + "\" } ]",
            ""));
        daemon = Vnetd.start(new VnetdContext().config(DaemonConfig.load(file)).inference(true).conclude());
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        peer.close();
    }

    @Test
    void shouldShowWhatTheLinkReceivedAndTheControlRequestsAnswered() throws Exception {
        final ByteBuf msg = Unpooled.buffer();
        final byte[] frame = new byte[60];
        frame[0] = 2;
        frame[5] = 2;
        frame[6] = 2;
        frame[11] = 1;
        FrameHeader.write(msg, FrameHeader.TYPE_DATA, frame.length);
        msg.writeBytes(frame);
        peer.send(new DatagramPacket(msg.array(), msg.readableBytes(), udp));
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(daemon.context().config().control()));
            final OutputStream out = Channels.newOutputStream(c);
            out.write("{\"cmd\":\"status\"}\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertTrue(Channels.newInputStream(c).read() > 0, "an answer");
        }
        Await.until(Duration.ofSeconds(10), "the link's frame and the status request in /metrics", () -> {
            final String body = metrics();
            return body.contains("\nvnet_link_rx_frames_total{link=\"p\"} 1.0\n")
                && body.contains("\nvnet_control_request_duration_seconds_count{command=\"status\"} 1\n");
        });
        final String body = metrics();
        assertTrue(body.contains("\nvnet_link_rx_bytes_total{link=\"p\"} 60.0\n"), body);
        assertTrue(body.contains("\nvnet_link_up{link=\"p\"} 1.0\n"), body);
        assertTrue(body.contains("\nvnet_topology_info{class="), body);
        assertTrue(body.contains("\njvm_threads_current "), body);
        promtoolFinds(body);
    }

    private String metrics() {
        try {
            final HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + daemon.http().address().getPort() + "/metrics")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            return r.body();
        } catch (final IOException e) {
            throw new AssertionError(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs {@code promtool check metrics} on {@code body} when promtool is installed: no warning, no error. */
    private void promtoolFinds(final String body) throws Exception {
        final Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            return;
        }
        final Path in = Files.writeString(dir.resolve("metrics.txt"), body);
        final Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(in.toFile())
            .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool finished");
        final String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), said);
        assertEquals("", said.strip(), "promtool had something to say");
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return d.getLocalPort();
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
