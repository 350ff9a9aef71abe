package org.vnet.daemon.link;

import org.vnet.daemon.wire.FrameHeader;

/** The UDP link suite on an IPv6 underlay (::1): 20 bytes less room per frame than IPv4. */
class Udp6LinkTest extends UdpLinkTest {
    @Override
    String host() {
        return "::1";
    }

    @Override
    int maxFrame() {
        return 1500 - 40 - 8 - FrameHeader.LENGTH;
    }
}
