package org.vnet.daemon.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

class LinkSpecTest {
    private static String refusal(final String peer) {
        return assertThrows(IllegalArgumentException.class,
            () -> new LinkSpec("h2", Transport.UDP, LinkSpec.parseAddress(peer), false)).getMessage();
    }

    @Test
    void shouldRefuseAPeerThatIsNoUnicastAddress() {
        assertEquals("link h2: peer 0.0.0.0:7700 is the wildcard address, not a peer daemon's address",
            refusal("0.0.0.0:7700"));
        assertEquals("link h2: peer [0:0:0:0:0:0:0:0]:7700 is the wildcard address, not a peer daemon's address",
            refusal("[::]:7700"));
        assertEquals("link h2: peer 255.255.255.255:7700 is the broadcast address, not a peer daemon's address",
            refusal("255.255.255.255:7700"));
        assertEquals("link h2: peer 239.1.2.3:7700 is a multicast address, not a peer daemon's address",
            refusal("239.1.2.3:7700"));
        assertEquals("link h2: peer [ff02:0:0:0:0:0:0:1]:7700 is a multicast address, not a peer daemon's address",
            refusal("[ff02::1]:7700"));
    }

    @Test
    void shouldTakeAnOrdinaryUnicastPeer() {
        assertEquals(7700, new LinkSpec("h2", Transport.UDP, LinkSpec.parseAddress("10.0.0.255:7700"), false)
            .peer().getPort());
    }

    @Test
    void shouldKnowAPeerIsTheDaemonsOwnListenAddress() {
        final InetSocketAddress own = new InetSocketAddress("10.0.0.1", 7700);
        assertTrue(LinkSpec.sameEndpoint(LinkSpec.parseAddress("10.0.0.1:7700"), own));
        assertFalse(LinkSpec.sameEndpoint(LinkSpec.parseAddress("10.0.0.1:7701"), own));
        assertFalse(LinkSpec.sameEndpoint(LinkSpec.parseAddress("10.0.0.2:7700"), own));
        assertFalse(LinkSpec.sameEndpoint(LinkSpec.parseAddress("10.0.0.1:7700"), null));
        // a wildcard listener is reached on every address of this host, loopback included
        assertTrue(LinkSpec.sameEndpoint(LinkSpec.parseAddress("127.0.0.1:7700"), new InetSocketAddress("0.0.0.0", 7700)));
    }
}
