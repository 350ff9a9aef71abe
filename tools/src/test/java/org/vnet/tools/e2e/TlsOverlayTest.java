package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.vnet.testing.Await;

/** The overlay suite over TLS links, plus certificate checks. */
class TlsOverlayTest extends OverlaySuite {
    @Override
    String transport() {
        return "tls";
    }

    @Override
    int port() {
        return 7702;
    }

    @Override
    void sendGarbageToHub() {
        // the client holds its connection 0.5 s after sending, so h1 reads the bytes on a live connection
        Testbed.run(20, List.of("ip", "netns", "exec", tb.hostNs(1), "python3", "-c",
            "import socket,time\ns=socket.create_connection(('10.200.0.1', 7702))\n"
                + "s.sendall(b'\\x16\\x03\\x01\\x00\\x05hello' + b'x' * 100)\ntime.sleep(0.5)\ns.close()\n"));
    }

    @Override
    String garbageCounter() {
        return "tlsHandshakeFailures";
    }

    @Test
    @Order(20)
    void shouldRefuseAPeerWhoseCertificateIsNotFromTheCa() throws IOException {
        final Path original = tb.config(3);
        final Path rogue = original.resolveSibling("h3-rogue.yaml");
        final String yaml = Files.readString(original)
            .replace(tb.runDir().resolve("h3.crt").toString(), tb.runDir().resolve("rogue.crt").toString())
            .replace(tb.runDir().resolve("h3.key").toString(), tb.runDir().resolve("rogue.key").toString());
        assertTrue(yaml.contains("rogue.crt"), "the rogue config uses the rogue certificate:\n" + yaml);
        Files.writeString(rogue, yaml);

        final long failuresBefore = tb.systemCounter(1, "tlsHandshakeFailures");
        tb.stopDaemon(3);
        tb.startDaemon(3, rogue);
        Await.until(Duration.ofSeconds(20), "h1 to count a refused handshake (tlsHandshakeFailures above "
            + failuresBefore + ")", () -> tb.systemCounter(1, "tlsHandshakeFailures"), n -> n > failuresBefore);
        assertFalse(tb.ping(1, 3, 2), "v1 cannot reach v3 while h3 presents a certificate from another CA");

        tb.stopDaemon(3);
        tb.startDaemon(3);
        assertTrue(tb.pingWithin(1, 3, 20), "with its own certificate h3 is reachable again");
    }

    @Test
    @Order(21)
    void shouldRefuseAPeerWhoseCertificateOfTheCaNamesAnotherHost() throws IOException {
        // h3 presents h2's certificate: signed by the CA, but it names h2, not h3
        final Path original = tb.config(3);
        final Path borrowed = original.resolveSibling("h3-as-h2.yaml");
        final String yaml = Files.readString(original)
            .replace(tb.runDir().resolve("h3.crt").toString(), tb.runDir().resolve("h2.crt").toString())
            .replace(tb.runDir().resolve("h3.key").toString(), tb.runDir().resolve("h2.key").toString());
        assertTrue(yaml.contains("h2.crt"), "the config uses h2's certificate:\n" + yaml);
        Files.writeString(borrowed, yaml);

        final long before = tb.systemCounter(1, "tlsIdentityMismatches");
        tb.stopDaemon(3);
        tb.startDaemon(3, borrowed);
        Await.until(Duration.ofSeconds(20), "h1 to count a certificate naming another host (tlsIdentityMismatches above "
            + before + ")", () -> tb.systemCounter(1, "tlsIdentityMismatches"), n -> n > before);
        assertFalse(tb.ping(1, 3, 2), "v1 cannot reach v3 while h3 presents h2's certificate");

        tb.stopDaemon(3);
        tb.startDaemon(3);
        assertTrue(tb.pingWithin(1, 3, 20), "with its own certificate h3 is reachable again");
    }
}
