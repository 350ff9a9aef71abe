package org.vnet.tools.e2e;

/**
 * Integrity over a UDP link on the native path: TCP super-frames cut into segments and joined
 * again, bursts of equal UDP datagrams joined into USO super-frames that the receiving kernel cuts.
 */
class UdpIntegrityTest extends IntegritySuite {
    @Override
    boolean joinsUdpBursts() {
        return true;
    }

    @Override
    String transport() {
        return "udp";
    }
}
