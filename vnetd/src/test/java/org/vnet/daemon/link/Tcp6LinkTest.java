package org.vnet.daemon.link;

/** The TCP link suite on an IPv6 underlay (::1). */
class Tcp6LinkTest extends TcpLinkTest {
    @Override
    String host() {
        return "::1";
    }
}
