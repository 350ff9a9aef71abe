package org.vnet.tools.e2e;

/** Integrity over a TCP link: super-frames and partial checksums travel with their virtio header. */
class TcpIntegrityTest extends IntegritySuite {
    @Override
    String transport() {
        return "tcp";
    }
}
