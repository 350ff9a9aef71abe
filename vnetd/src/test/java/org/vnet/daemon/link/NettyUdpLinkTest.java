package org.vnet.daemon.link;

import org.junit.jupiter.api.AfterEach;

/** The UDP link suite on the pure-Java fallback (Netty's datagram channel), as without libvnetfwd. */
class NettyUdpLinkTest extends UdpLinkTest {
    @Override
    void beforeNodes() {
        System.setProperty(Links.NATIVE_UDP_PROPERTY, "false");
    }

    @Override
    boolean expectsNative() {
        return false;
    }

    @AfterEach
    void restore() {
        System.clearProperty(Links.NATIVE_UDP_PROPERTY);
    }
}
