package org.vnet.daemon.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.telemetry.SystemCounter;

class TcpLinkTest extends StreamLinkSuite {
    @Override
    Transport transport() {
        return Transport.TCP;
    }

    @Test
    void shouldCloseAStreamThatSendsGarbage() throws Exception {
        final byte[] garbage = "GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        rawTcp(addrB, garbage);
        awaitIncrease(() -> b.counter(SystemCounter.BAD_MAGIC), 0, "badMagic");
        assertEquals("up", b.onLoop(bToA::state), "the real link is untouched");
    }

    @Test
    void shouldRefuseAHelloFromTheRightAddressWithTheWrongName() throws Exception {
        rawTcp(addrB, hello("mallory"));
        awaitIncrease(() -> b.counter(SystemCounter.REFUSED_CONNECTIONS), 0, "refusedConnections");
    }

    @Test
    void shouldNotLetANewlineInAHelloNameForgeALogLine() throws Exception {
        try (StderrCapture log = new StderrCapture()) {
            rawTcp(addrB, hello("mallory\n2026-01-01T00:00:00.000Z [vnet-dataplane] INFO forged: link up"));
            awaitIncrease(() -> b.counter(SystemCounter.REFUSED_CONNECTIONS), 0, "refusedConnections");
            org.vnet.testing.Await.until(java.time.Duration.ofSeconds(5), "the refusal's log line",
                () -> log.lines().stream().anyMatch(l -> l.contains("matches no accepting link")));
            assertEquals(List.of(), log.lines().stream().filter(l -> l.startsWith("2026-01-01T00:00:00.000Z")).toList(),
                "a line of the peer's making");
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("mallory\\n2026-01-01T00:00:00.000Z")),
                "the name is logged escaped: " + log.lines());
        }
    }

    @Test
    void shouldLogRepeatedRefusalsFromOneSourceOnce() throws Exception {
        try (StderrCapture log = new StderrCapture()) {
            for (int i = 1; i <= 20; i++) {
                rawTcp(addrB, hello("mallory"));
                final int n = i;
                awaitIncrease(() -> b.counter(SystemCounter.REFUSED_CONNECTIONS), n - 1, "refusedConnections");
            }
            org.vnet.testing.Await.until(java.time.Duration.ofSeconds(5), "the refusal's log line",
                () -> log.lines().stream().anyMatch(l -> l.contains("matches no accepting link")));
            assertEquals(1, log.lines().stream().filter(l -> l.contains("matches no accepting link")).count(),
                String.join("\n", log.lines()));
        }
    }
}
