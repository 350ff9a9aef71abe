package org.vnet.daemon.link.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    private final ReplayWindow w = new ReplayWindow();

    @Test
    void shouldAcceptEachCounterOnceInAnyOrder() {
        assertTrue(w.accept(5));
        assertTrue(w.accept(3));
        assertTrue(w.accept(0));
        assertTrue(w.accept(4));
        assertFalse(w.accept(3));
        assertFalse(w.accept(5));
        assertFalse(w.check(0));
        assertTrue(w.check(1));
        assertEquals(5, w.highest());
    }

    @Test
    void shouldRefuseCountersTooFarBelowTheHighest() {
        assertTrue(w.accept(10_000));
        assertFalse(w.check(10_000 - ReplayWindow.SIZE));
        assertTrue(w.check(10_000 - ReplayWindow.SIZE + 1));
        assertTrue(w.accept(10_000 - ReplayWindow.SIZE + 1));
        assertFalse(w.accept(-1));
    }

    @Test
    void shouldForgetOldBitsAsTheWindowSlides() {
        for (long c = 0; c < 20_000; c += 3) {
            assertTrue(w.accept(c), "first time " + c);
        }
        for (long c = 20_000 - 1_000; c < 20_000; c++) {
            assertEquals(c % 3 != 0, w.check(c), "counter " + c);
        }
        // a jump larger than the window clears every word
        assertTrue(w.accept(1_000_000));
        for (long c = 1_000_000 - ReplayWindow.SIZE + 1; c < 1_000_000; c++) {
            assertTrue(w.check(c), "unseen " + c);
        }
    }

    @Test
    void shouldStartAgainAfterReset() {
        w.accept(9);
        w.reset();
        assertTrue(w.accept(9));
        assertEquals(9, w.highest());
    }
}
