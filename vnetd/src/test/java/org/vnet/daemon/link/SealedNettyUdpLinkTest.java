package org.vnet.daemon.link;

import org.junit.jupiter.api.Test;
import org.vnet.daemon.VnetdContext;

/** The sealed UDP link suite on the pure-Java fallback (Netty's datagram channel). */
class SealedNettyUdpLinkTest extends SealedUdpLinkTest {
    @Override
    VnetdContext context(final String name) {
        return super.context(name).nativeUdp(false);
    }

    @Test
    void shouldRunThePureJavaPath() {
        org.junit.jupiter.api.Assertions.assertFalse(a.links.udpImplementation().startsWith("native"));
    }
}
