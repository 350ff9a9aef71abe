package org.vnet.daemon.switching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.vnet.inference.packet.Mac;

class MacTableTest {
    private static final long A = Mac.parse("02:00:00:00:00:0a");
    private static final long B = Mac.parse("02:00:00:00:00:0b");
    private static final long C = Mac.parse("02:00:00:00:00:0c");
    private static final long D = Mac.parse("02:00:00:00:00:0d");
    private static final int TAP = 1;
    private static final int OTHER_TAP = 2;
    private static final int LINK = 3;

    @Test
    void shouldReplaceTheLeastRecentlySeenAddressWhenTheTableIsFull() {
        final MacTable t = new MacTable(300_000, 3, 8, 3);
        assertEquals(MacTable.LEARNED, t.learn(A, TAP, 0));
        assertEquals(MacTable.LEARNED, t.learn(B, OTHER_TAP, 1000));
        assertEquals(MacTable.LEARNED, t.learn(C, LINK, 2000));
        assertEquals(MacTable.KNOWN, t.learn(A, TAP, 3000), "A refreshed: now the most recently seen");

        assertEquals(MacTable.LEARNED, t.learn(D, LINK, 4000));

        assertEquals(3, t.size());
        assertEquals(-1, t.lookup(B, 4000), "B was the least recently seen");
        assertEquals(TAP, t.lookup(A, 4000));
        assertEquals(LINK, t.lookup(C, 4000));
        assertEquals(LINK, t.lookup(D, 4000));
    }

    @Test
    void shouldKeepKnownDestinationsWhileOnePortFloodsAddresses() {
        final MacTable t = new MacTable(300_000, 1000, 8, 1000);
        t.limit(TAP, 500);
        t.learn(A, OTHER_TAP, 0);
        t.learn(B, LINK, 0);
        for (long i = 0; i < 100_000; i++) {
            t.learn(0x0200_0100_0000L + i, TAP, 500);
        }
        assertEquals(502, t.size());
        assertEquals(500, t.count(TAP));
        assertEquals(OTHER_TAP, t.lookup(A, 1000));
        assertEquals(LINK, t.lookup(B, 1000));
        assertEquals(TAP, t.lookup(0x0200_0100_0000L + 99_999, 1000), "the newest flooded address is held");
    }

    @Test
    void shouldReplaceThePortsOwnOldestAddressAtItsLimit() {
        final MacTable t = new MacTable(300_000, 100, 8, 100);
        t.limit(TAP, 2);
        t.learn(C, OTHER_TAP, 0);
        t.learn(A, TAP, 0);
        t.learn(B, TAP, 1000);
        t.learn(D, TAP, 2000);

        assertEquals(2, t.count(TAP));
        assertEquals(-1, t.lookup(A, 2000));
        assertEquals(TAP, t.lookup(B, 2000));
        assertEquals(TAP, t.lookup(D, 2000));
        assertEquals(OTHER_TAP, t.lookup(C, 2000), "another port's address is not replaced");
    }

    @Test
    void shouldPinTheFirstAddressAndRefuseOthers() {
        final MacTable t = new MacTable(300_000, 100, 8, 100);
        t.pin(TAP, MacTable.PIN_FIRST, -1);

        assertEquals(MacTable.NOT_PINNED, t.learn(Mac.BROADCAST, TAP, 0), "a group source never pins");
        assertEquals(MacTable.PINNED, t.learn(A, TAP, 0));
        assertEquals(MacTable.KNOWN, t.learn(A, TAP, 10));
        assertEquals(MacTable.NOT_PINNED, t.learn(B, TAP, 20));
        assertEquals(A, t.pinnedMac(TAP));
        assertEquals(-1, t.lookup(B, 20));
    }

    @Test
    void shouldNeverMoveAPinnedAddressToALinkOrAnotherPort() {
        final MacTable t = new MacTable(300_000, 100, 8, 100);
        t.pin(TAP, MacTable.PIN_FIXED, A);
        assertEquals(MacTable.LEARNED, t.learn(A, TAP, 0));

        assertEquals(MacTable.SPOOFED, t.learn(A, LINK, 10));
        assertEquals(MacTable.SPOOFED, t.learn(A, OTHER_TAP, 20));
        assertEquals(TAP, t.lookup(A, 20));
    }

    @Test
    void shouldRefuseAFixedPinnedAddressFromElsewhereEvenBeforeTheVmSpoke() {
        final MacTable t = new MacTable(300_000, 100, 8, 100);
        t.learn(A, LINK, 0);
        t.pin(TAP, MacTable.PIN_FIXED, A);

        assertEquals(-1, t.lookup(A, 0), "the address learned on the link is forgotten");
        assertEquals(MacTable.SPOOFED, t.learn(A, LINK, 10));
        assertEquals(A, t.pinnedMac(TAP));
        assertEquals(TAP, t.pinOwner(A));
    }

    @Test
    void shouldNeverReplaceAPinnedAddressForRoom() {
        final MacTable t = new MacTable(300_000, 2, 8, 2);
        t.pin(TAP, MacTable.PIN_FIRST, -1);
        t.learn(A, TAP, 0);
        for (long i = 0; i < 50; i++) {
            t.learn(0x0200_0100_0000L + i, LINK, 1000 + i * 1000);
        }
        assertEquals(TAP, t.lookup(A, 1000));
        assertEquals(2, t.count(LINK));
    }

    @Test
    void shouldForgetPinAndAddressesOfARemovedPort() {
        final MacTable t = new MacTable(300_000, 100, 8, 100);
        t.pin(TAP, MacTable.PIN_FIRST, -1);
        t.learn(A, TAP, 0);
        t.forgetPort(TAP);

        assertEquals(-1, t.lookup(A, 0));
        assertEquals(-1, t.pinnedMac(TAP));
        assertEquals(MacTable.LEARNED, t.learn(A, LINK, 10));
        assertEquals(MacTable.LEARNED, t.learn(B, TAP, 10));
    }

    @Test
    void shouldSweepAgedAddressesIncludingPinnedOnes() {
        final MacTable t = new MacTable(1000, 100, 8, 100);
        t.pin(TAP, MacTable.PIN_FIRST, -1);
        t.learn(A, TAP, 0);
        t.learn(B, LINK, 0);
        t.learn(C, LINK, 1500);
        t.sweep(2000);

        assertEquals(1, t.size());
        assertEquals(LINK, t.lookup(C, 2000));
        assertEquals(MacTable.SPOOFED, t.learn(A, LINK, 2000), "the pin outlives its entry");
    }

    @Test
    void shouldListTheAddressesOfAPort() {
        final MacTable t = new MacTable(1000, 100, 8, 100);
        t.learn(A, TAP, 0);
        t.learn(B, LINK, 0);
        t.learn(C, TAP, 500);
        final long[] out = new long[4];

        assertEquals(2, t.learnedOn(TAP, out, 900));
        assertEquals(A, out[0]);
        assertEquals(C, out[1]);
        assertEquals(1, t.learnedOn(TAP, out, 1200), "A aged");
    }
}
