package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Integrity when the receiving VM's TAP takes no offloads (h2's daemon opens it without a vnet
 * header) while the sender's does: the TCP super-frames and UDP datagram runs that h2 joins
 * from the link are cut again in software, with complete checksums, before its TAP.
 */
class PlainTapIntegrityTest extends IntegritySuite {
    @Override
    String transport() {
        return "udp";
    }

    @Override
    boolean joinsUdpBursts() {
        return true;
    }

    @Override
    @BeforeAll
    void up() {
        super.up();
        tb.stopDaemon(2);
        tb.startDaemon(2, tb.config(2), "-Dvnet.tap.vnetHeader=false");
        assertTrue(tb.pingWithin(1, 2, 20), "v1 reaches v2 through h2's restarted daemon");
    }

    @Override
    @AfterAll
    void down() {
        super.down();
    }

    @Test
    void shouldCutWhatItJoinsInSoftwareAndDropNothing() {
        udpBurstArrivesIntact(tb.vmIp(2), "4", 6009, 300, false);
        assertTrue(tb.systemCounter(2, "softwareSegments") > 0, "h2 cut super-frames for its plain TAP");
        assertEquals(0, tb.systemCounter(2, "offloadDrops"), "nothing dropped for want of offloads");
    }
}
