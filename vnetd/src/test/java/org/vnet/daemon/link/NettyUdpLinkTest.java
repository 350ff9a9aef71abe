package org.vnet.daemon.link;

import org.vnet.daemon.VnetdContext;

/** The UDP link suite on the pure-Java fallback (Netty's datagram channel), as without libvnetfwd. */
class NettyUdpLinkTest extends UdpLinkTest {
    @Override
    VnetdContext context(final String name) {
        return super.context(name).nativeUdp(false);
    }

    @Override
    boolean expectsNative() {
        return false;
    }
}
