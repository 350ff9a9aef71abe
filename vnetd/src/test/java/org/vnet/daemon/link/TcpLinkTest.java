package org.vnet.daemon.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.testing.Await;

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

    @Test
    void shouldRefuseAForgedHelloWhileTheLinkIsHealthyAndDeliverNoFrameOfIt() throws Exception {
        // from a's address, with a's name: what an attacker on the peer host can send
        final long duplicates = b.counter(SystemCounter.DUPLICATE_CONNECTIONS);
        final long strangers = b.counter(SystemCounter.REFUSED_CONNECTIONS);
        try (Socket forger = new Socket(addrB.getAddress(), addrB.getPort())) {
            final byte[] forged = data(frame(100, 0xb, 0x66));
            forger.getOutputStream().write(concat(hello("a"), forged, forged, forged, forged, forged, forged));
            assertClosedByDaemon(forger);
        }
        assertNull(b.vm.frames.poll(300, TimeUnit.MILLISECONDS), "no forged frame is delivered");
        assertEquals(duplicates + 1, b.counter(SystemCounter.DUPLICATE_CONNECTIONS));
        assertEquals(strangers, b.counter(SystemCounter.REFUSED_CONNECTIONS), "counted once, as a duplicate");
        assertEquals("up", b.onLoop(bToA::state));
        final byte[] f = frame(200, 0xb, 0xa);
        a.vmSends(f);
        assertArrayEquals(f, b.vm.frames.poll(5, TimeUnit.SECONDS), "the real link carries on");
    }

    @Test
    void shouldLetANewcomerTakeOverALinkWhoseConnectionWentSilent() throws Exception {
        a.removeLink(aToB);
        awaitTrue(() -> "waiting".equals(b.onLoop(bToA::state)) ? 1 : 0, "b's link waiting");
        final List<Socket> newcomers = new ArrayList<>();
        try (Socket silent = new Socket(addrB.getAddress(), addrB.getPort())) {
            silent.getOutputStream().write(hello("a"));
            awaitTrue(() -> "up".equals(b.onLoop(bToA::state)) ? 1 : 0, "the silent connection bound to the link");
            final byte[] f = frame(100, 0xb, 0x77);
            final byte[] got = Await.until(Duration.ofSeconds(15), "a newcomer to take the link over", () -> {
                try {
                    final Socket s = new Socket(addrB.getAddress(), addrB.getPort());
                    newcomers.add(s);
                    s.getOutputStream().write(concat(hello("a"), data(f)));
                    return b.vm.frames.poll(500, TimeUnit.MILLISECONDS);
                } catch (final Exception e) {
                    throw new IllegalStateException(e);
                }
            }, java.util.Objects::nonNull);
            assertArrayEquals(f, got);
            assertClosedByDaemon(silent);
            assertTrue(b.counter(SystemCounter.DUPLICATE_CONNECTIONS) > 0, "refused while the silent one was live");
        } finally {
            for (final Socket s : newcomers) {
                s.close();
            }
        }
    }

    @Test
    void shouldCloseAConnectionThatStaysSilent() throws Exception {
        a.removeLink(aToB);
        awaitTrue(() -> "waiting".equals(b.onLoop(bToA::state)) ? 1 : 0, "b's link waiting");
        try (Socket silent = new Socket(addrB.getAddress(), addrB.getPort())) {
            silent.getOutputStream().write(hello("a"));
            awaitTrue(() -> "up".equals(b.onLoop(bToA::state)) ? 1 : 0, "the silent connection bound to the link");
            final long bound = System.nanoTime();
            Await.until(Duration.ofMillis(StreamLinks.DEAD_MILLIS + 5_000), "b to close the silent connection",
                () -> b.onLoop(bToA::state), "waiting"::equals);
            assertTrue(System.nanoTime() - bound >= TimeUnit.MILLISECONDS.toNanos(StreamLinks.DEAD_MILLIS - 1_000),
                "not before it was silent for " + StreamLinks.DEAD_MILLIS + " ms");
            assertClosedByDaemon(silent);
        }
    }

    @Test
    void shouldBoundTheConnectionsWaitingForAHelloAndStillLetThePeerIn() throws Exception {
        Assumptions.assumeTrue(addrB.getAddress() instanceof Inet4Address, "needs a second loopback source address");
        final List<Socket> flood = new ArrayList<>();
        try {
            // from another source than the real peer (a dials from 127.0.0.1)
            for (int i = 0; i < 2000; i++) {
                final Socket s = new Socket();
                flood.add(s);
                s.bind(new InetSocketAddress("127.0.0.2", 0));
                s.connect(addrB, 5000);
            }
            // the listener, the link's connection and those still waiting for a HELLO
            Await.until(Duration.ofSeconds(5), "b to hold few sockets on its port", () -> socketsOn(addrB),
                held -> held.size() <= 2 + StreamLinks.MAX_PENDING_PER_SOURCE);
            awaitIncrease(() -> b.counter(SystemCounter.PRE_HELLO_OVERFLOWS), 1900,
                "preHelloOverflows");
            a.onLoop(() -> ((StreamLinkPort) aToB).channel().close());
            awaitTrue(() -> "up".equals(a.onLoop(aToB::state)) && "up".equals(b.onLoop(bToA::state)) ? 1 : 0,
                "the peer reconnected");
            final byte[] f = frame(200, 0xb, 0xa);
            a.vmSends(f);
            assertArrayEquals(f, b.vm.frames.poll(5, TimeUnit.SECONDS));
            // the ones let in get no further than the HELLO deadline
            Await.until(Duration.ofSeconds(10), "b to close the connections that sent no hello",
                () -> socketsOn(addrB), held -> held.size() <= 2);
        } finally {
            for (final Socket s : flood) {
                s.close();
            }
        }
    }

    /**
     * The TCP sockets bound to {@code local} (IPv4) this process holds a file descriptor of, as their
     * {@code /proc/net/tcp} lines: the listener and the connections it accepted.
     */
    static List<String> socketsOn(final InetSocketAddress local) {
        final byte[] ip = local.getAddress().getAddress();
        // /proc/net/tcp{,6} print an IPv4 address as one 32-bit word in host (little-endian) order
        final String hex = String.format("%02X%02X%02X%02X:%04X", ip[3], ip[2], ip[1], ip[0], local.getPort());
        try {
            final java.util.Map<String, String> byInode = new java.util.HashMap<>();
            for (final String table : new String[] {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
                for (final String line : Files.readAllLines(Path.of(table))) {
                    final String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].endsWith(hex)) {
                        byInode.put("socket:[" + f[9] + "]", line.trim());
                    }
                }
            }
            final List<String> held = new ArrayList<>();
            try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                for (final Path fd : (Iterable<Path>) fds::iterator) {
                    try {
                        final String line = byInode.get(Files.readSymbolicLink(fd).toString());
                        if (line != null) {
                            held.add(line);
                        }
                    } catch (final java.io.IOException e) {
                        // closed meanwhile
                    }
                }
            }
            return held;
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
