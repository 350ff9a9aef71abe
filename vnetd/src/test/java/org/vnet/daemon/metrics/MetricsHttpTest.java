package org.vnet.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.http.HttpConfig;
import org.vnet.daemon.http.HttpServer;

/** The HTTP server with the {@code /metrics} route over a daemon whose counters the test sets. */
class MetricsHttpTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;
    final FixedDaemon daemon = new FixedDaemon();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpServer server;
    MetricsRoute metrics;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(final Path tokenFile, final HttpServer.Limits limits) throws IOException {
        metrics = new MetricsRoute(new DaemonCollector(daemon, () -> Map.of("control.requests", 9L,
            "control.activeConnections", 1L)));
        server = HttpServer.start(new HttpConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tokenFile),
            Map.of(MetricsRoute.PATH, metrics), limits);
    }

    private HttpResponse<String> get(final String path, final String authorization) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
            .timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertLine(final String body, final String line) {
        assertTrue(body.lines().anyMatch(line::equals), "want line [" + line + "] in:\n" + body);
    }

    @Test
    void shouldServeCountersInferenceControlAndJvmMetricsInTextFormat() throws Exception {
        start(null, HttpServer.Limits.DEFAULT);
        metrics.controlObserver().answered("stats", 2_000_000);
        final HttpResponse<String> r = get("/metrics", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
            r.headers().toString());
        final String body = r.body();
        assertLine(body, "# TYPE vnet_link_rx_bytes_total counter");
        assertLine(body, "vnet_link_rx_bytes_total{link=\"h2\"} 1234.0");
        assertLine(body, "vnet_link_up{link=\"h2\"} 1.0");
        assertLine(body, "vnet_port_drops_total{kind=\"tap\",port=\"eth0\"} 4.0");
        assertLine(body, "vnet_port_tx_bytes_total{kind=\"tap\",port=\"eth0\"} 3000.0");
        assertLine(body, "vnet_rule_sent_frames_total{rule=\"1\"} 42.0");
        assertLine(body, "vnet_malformed_messages_total 3.0");
        assertLine(body, "vnet_rule_frames_total 42.0");
        assertLine(body, "vnet_kernel_tx_switched_in_kernel_total 11.0");
        assertLine(body, "vnet_kernel_flows 2.0");
        assertLine(body, "vnet_control_requests_total 9.0");
        assertLine(body, "vnet_control_active_connections 1.0");
        assertLine(body, "vnet_control_request_duration_seconds_count{command=\"stats\"} 1");
        assertLine(body, "vnet_topology_info{class=\"" + daemon.globalView().topology().className() + "\"} 1");
        assertLine(body, "vnet_topology_nodes 3.0");
        assertLine(body, "vnet_rir_iterations_per_second{mac=\"02:00:00:00:00:01\"} 10.0");
        assertLine(body, "vnet_rir_period_seconds{mac=\"02:00:00:00:00:01\"} 2.0");
        assertLine(body, "vnet_bic_delay_seconds{mac=\"02:00:00:00:00:02\"} 0.75");
        assertLine(body, "vnet_bic_slowdown_ratio{bound=\"estimate\"} 1.2");
        assertLine(body, "vnet_bic_loaded_info{mac=\"02:00:00:00:00:02\"} 1");
        assertTrue(body.contains("\njvm_memory_used_bytes{"), "JVM metrics");
    }

    @Test
    void shouldReadCountersAtScrapeTime() throws Exception {
        start(null, HttpServer.Limits.DEFAULT);
        assertLine(get("/metrics", null).body(), "vnet_link_rx_bytes_total{link=\"h2\"} 1234.0");
        daemon.linkRxBytes = 5678;
        assertLine(get("/metrics", null).body(), "vnet_link_rx_bytes_total{link=\"h2\"} 5678.0");
    }

    @Test
    void shouldAnswerEveryRequestWithoutTheTokenWith401() throws Exception {
        final Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        start(token, HttpServer.Limits.DEFAULT);
        assertEquals(401, get("/metrics", null).statusCode());
        assertEquals(401, get("/metrics", "Bearer wrong").statusCode());
        assertEquals(401, get("/nowhere", null).statusCode());
        final HttpResponse<String> ok = get("/metrics", "Bearer " + TOKEN);
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("vnet_link_rx_bytes_total"));
    }

    @Test
    void shouldRefuseATokenFileOthersMayRead() throws Exception {
        final Path token = Files.writeString(dir.resolve("token"), TOKEN);
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        final IOException e = assertThrows(IOException.class, () -> start(token, HttpServer.Limits.DEFAULT));
        assertTrue(e.getMessage().contains("readable or writable by group or others"), e.getMessage());
    }

    @Test
    void shouldRefuseANonLoopbackAddressWithoutToken() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new HttpConfig(new InetSocketAddress("0.0.0.0", 9477), null));
        assertTrue(e.getMessage().contains("not a loopback address"), e.getMessage());
    }

    @Test
    void shouldFailToStartWithAClearMessageWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
            final IOException e = assertThrows(IOException.class, () -> HttpServer.start(new HttpConfig(a, null),
                Map.of(), HttpServer.Limits.DEFAULT));
            assertTrue(e.getMessage().startsWith("http.listen 127.0.0.1:" + taken.getLocalPort() + ": cannot bind"),
                e.getMessage());
        }
    }

    @Test
    void shouldAnswerUnknownPathsWith404AndOtherMethodsWith405() throws Exception {
        start(null, HttpServer.Limits.DEFAULT);
        assertEquals(404, get("/nowhere", null).statusCode());
        final HttpResponse<String> post = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics"))
            .POST(HttpRequest.BodyPublishers.ofString("x")).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void shouldAnswer503ToAConnectionOverTheBound() throws Exception {
        start(null, new HttpServer.Limits(1, 16 * 1024, Duration.ofSeconds(60)));
        try (Socket first = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort());
             Socket second = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            first.setSoTimeout(20_000);
            second.setSoTimeout(20_000);
            assertTrue(exchange(first).startsWith("HTTP/1.1 200"));
            assertTrue(exchange(second).startsWith("HTTP/1.1 503"));
        }
    }

    /** Sends a GET of /metrics and returns the status line. */
    private static String exchange(final Socket s) throws IOException {
        final OutputStream out = s.getOutputStream();
        out.write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        final InputStream in = s.getInputStream();
        final StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }
}
