package org.vnet.tools.e2e;

/** The fault tests over TCP links. */
class TcpFaultTest extends FaultSuite {
    @Override
    String transport() {
        return "tcp";
    }
}
