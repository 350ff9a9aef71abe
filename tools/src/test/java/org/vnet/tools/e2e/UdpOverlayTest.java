package org.vnet.tools.e2e;

import java.util.List;

/** The overlay suite over UDP links. */
class UdpOverlayTest extends OverlaySuite {
    @Override
    String transport() {
        return "udp";
    }

    @Override
    int port() {
        return 7700;
    }

    @Override
    void sendGarbageToHub() {
        // from an address that is no configured peer (h1's own), and a datagram with a bad header
        Testbed.run(20, List.of("ip", "netns", "exec", tb.hostNs(1), "python3", "-c",
            "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
                + "for i in range(20): s.sendto(b'\\x00garbage'*i, ('10.200.0.1', 7700))\n"));
    }

    @Override
    String garbageCounter() {
        return "unknownPeer";
    }
}
