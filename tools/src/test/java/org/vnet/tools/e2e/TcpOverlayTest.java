package org.vnet.tools.e2e;

import java.util.List;

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
}
