package org.vnet.tools.e2e;

/** Integrity over a UDP link: super-frames as fragmented datagrams, partial checksums finished by the sender. */
class UdpIntegrityTest extends IntegritySuite {
    @Override
    String transport() {
        return "udp";
    }
}
