package org.vnet.daemon.switching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StormControlTest {
    private static final int PORT = 5;

    private static int admitted(final StormControl s, final int kind, final int frames, final long now) {
        int n = 0;
        for (int i = 0; i < frames; i++) {
            n += s.admit(PORT, kind, now) ? 1 : 0;
        }
        return n;
    }

    @Test
    void shouldAdmitEverythingWithoutALimit() {
        final StormControl s = new StormControl(8);
        assertEquals(100_000, admitted(s, StormControl.BROADCAST, 100_000, 0));
    }

    @Test
    void shouldAdmitTheBurstThenTheRate() {
        final StormControl s = new StormControl(8);
        s.configure(PORT, StormControl.BROADCAST, 1000, 50, 0);

        assertEquals(50, admitted(s, StormControl.BROADCAST, 200, 0), "the burst");
        assertEquals(10, admitted(s, StormControl.BROADCAST, 200, 10), "10 ms at 1000/s");
        assertEquals(0, admitted(s, StormControl.BROADCAST, 200, 10));
        assertEquals(50, admitted(s, StormControl.BROADCAST, 200, 10_000), "a long pause refills the burst only");
    }

    @Test
    void shouldKeepKindsAndPortsApart() {
        final StormControl s = new StormControl(8);
        s.configure(PORT, StormControl.MULTICAST, 10, 1, 0);

        assertTrue(s.admit(PORT, StormControl.MULTICAST, 0));
        assertFalse(s.admit(PORT, StormControl.MULTICAST, 0));
        assertTrue(s.admit(PORT, StormControl.BROADCAST, 0));
        assertTrue(s.admit(PORT, StormControl.UNKNOWN_UNICAST, 0));
        assertTrue(s.admit(PORT + 1, StormControl.MULTICAST, 0));
        assertTrue(s.admit(PORT, StormControl.MULTICAST, 100), "one frame per 100 ms at 10/s");
    }

    @Test
    void shouldRefillFractionsOfAFrameAcrossMilliseconds() {
        final StormControl s = new StormControl(8);
        s.configure(PORT, StormControl.UNKNOWN_UNICAST, 500, 1, 0);
        assertTrue(s.admit(PORT, StormControl.UNKNOWN_UNICAST, 0));

        assertFalse(s.admit(PORT, StormControl.UNKNOWN_UNICAST, 1), "half a frame after 1 ms");
        assertTrue(s.admit(PORT, StormControl.UNKNOWN_UNICAST, 2));
    }

    @Test
    void shouldLiftTheLimitsOfAClearedPort() {
        final StormControl s = new StormControl(8);
        s.configure(PORT, StormControl.BROADCAST, 1, 1, 0);
        s.clear(PORT);
        assertFalse(s.limited(PORT, StormControl.BROADCAST));
        assertEquals(1000, admitted(s, StormControl.BROADCAST, 1000, 0));
    }

    @Test
    void shouldRefuseARateWithoutABurst() {
        final StormControl s = new StormControl(8);
        assertThrows(IllegalArgumentException.class, () -> s.configure(PORT, StormControl.BROADCAST, 10, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> s.configure(PORT, StormControl.BROADCAST, -1, 1, 0));
    }
}
