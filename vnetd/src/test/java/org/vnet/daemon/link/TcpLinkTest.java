package org.vnet.daemon.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
