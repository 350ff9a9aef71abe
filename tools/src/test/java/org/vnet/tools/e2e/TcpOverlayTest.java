package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.vnet.testing.Await;

/** The overlay suite over TCP links. */
class TcpOverlayTest extends OverlaySuite {
    @Override
    String transport() {
        return "tcp";
    }

    @Override
    int port() {
        return 7701;
    }

    @Override
    void sendGarbageToHub() {
        // the client holds its connection 0.5 s after sending, so h1 reads the bytes on a live connection
        Testbed.run(20, List.of("ip", "netns", "exec", tb.hostNs(1), "python3", "-c",
            "import socket,time\ns=socket.create_connection(('10.200.0.1', 7701))\n"
                + "s.sendall(b'GET / HTTP/1.0\\r\\n\\r\\n' + b'x' * 200)\ntime.sleep(0.5)\ns.close()\n"));
    }

    @Override
    String garbageCounter() {
        return "badMagic";
    }

    @Test
    @Order(20)
    void shouldRefuseAForgedHelloFromThePeersAddressWhileItsLinkIsLive() {
        final long before = tb.systemCounter(1, "duplicateConnections");
        final long rx = tb.systemCounter(1, "refusedConnections");
        // from h2's namespace and address, claiming to be h2, followed by 46 broadcast frames; exits 0
        // once h1 closes the connection, 1 if h1 keeps it open for 5 s
        final Testbed.Result forged = Testbed.run(20, List.of("ip", "netns", "exec", tb.hostNs(2), "python3", "-c",
            "import socket,sys\ns=socket.create_connection(('10.200.0.1', 7701))\n"
                + "f=b'\\xff'*6+b'\\x02\\x00\\x00\\x00\\x66\\x66\\x08\\x00'+b'x'*46\n"
                + "s.sendall(b'VN\\x01\\x02\\x00\\x00\\x00\\x02h2'+(b'VN\\x01\\x01\\x00\\x00\\x00\\x3c'+f)*46)\n"
                + "s.settimeout(5)\n"
                + "try:\n  while s.recv(4096): pass\nexcept ConnectionResetError:\n  pass\n"
                + "except socket.timeout:\n  sys.exit(1)\n"));
        assertEquals(0, forged.code(), "h1 closed the forged connection: " + forged);
        Await.until(Duration.ofSeconds(10), "h1 to count the forged connection (duplicateConnections above " + before
            + ")", () -> tb.systemCounter(1, "duplicateConnections"), n -> n > before);
        assertEquals(rx, tb.systemCounter(1, "refusedConnections"), "counted as a duplicate, not as a stranger");
        assertTrue(tb.ping(1, 2, 5), "the real link to h2 carries on");
    }
}
