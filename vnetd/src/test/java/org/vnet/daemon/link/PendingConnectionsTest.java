package org.vnet.daemon.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class PendingConnectionsTest {
    private final PendingConnections pending = new PendingConnections(2, 3);

    @Test
    void shouldCapEachSourceAndTheTotal() throws Exception {
        final InetAddress x = InetAddress.getByName("10.0.0.1");
        final InetAddress y = InetAddress.getByName("10.0.0.2");
        final InetAddress z = InetAddress.getByName("10.0.0.3");
        assertTrue(pending.tryAdd(x));
        assertTrue(pending.tryAdd(x));
        assertFalse(pending.tryAdd(x), "a third from one source");
        assertTrue(pending.tryAdd(y));
        assertFalse(pending.tryAdd(z), "a fourth in all");
        assertEquals(3, pending.count());
    }

    @Test
    void shouldFreeASlotWhenAConnectionIsBoundOrClosed() throws Exception {
        final InetAddress x = InetAddress.getByName("10.0.0.1");
        assertTrue(pending.tryAdd(x));
        assertTrue(pending.tryAdd(x));
        pending.remove(x);
        assertTrue(pending.tryAdd(x));
        pending.remove(x);
        pending.remove(x);
        pending.remove(x);
        assertEquals(0, pending.count(), "removing more than were added changes nothing");
    }
}
