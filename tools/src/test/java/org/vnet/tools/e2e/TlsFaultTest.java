package org.vnet.tools.e2e;

/** The fault tests over TLS links. */
class TlsFaultTest extends FaultSuite {
    @Override
    String transport() {
        return "tls";
    }
}
