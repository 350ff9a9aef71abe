package org.vnet.daemon.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class KernelOfferTest {
    static final long A = 0x0200_0000_000AL;
    static final long B = 0x0200_0000_000BL;

    static ByteBuf wrap(final byte[] b) {
        return Unpooled.wrappedBuffer(b);
    }

    @Test
    void shouldAcceptOnlyTheListedMacsOnTheSamePortAndVni() {
        final KernelOffer o = new KernelOffer();
        final byte[] b = KernelOffer.encode(true, 7703, 42, new long[] {A}, 1);
        assertEquals(1, o.decode(wrap(b), 0, b.length, 1_000));
        assertTrue(o.accepts(A, 7703, 42, 1_000));
        assertFalse(o.accepts(B, 7703, 42, 1_000));
        assertFalse(o.accepts(A, 4789, 42, 1_000), "another VXLAN port");
        assertFalse(o.accepts(A, 7703, 7, 1_000), "another VNI");
        assertFalse(o.accepts(A, 7703, 42, 1_000 + KernelOffer.TTL_MILLIS), "expired");
        assertEquals(0, o.decode(wrap(b), 0, b.length, 2_000), "the same offer again changes nothing");
    }

    @Test
    void shouldWithdrawEverythingOnADecline() {
        final KernelOffer o = new KernelOffer();
        final byte[] yes = KernelOffer.encode(true, 7703, 1, new long[] {A, B}, 2);
        o.decode(wrap(yes), 0, yes.length, 0);
        final byte[] no = KernelOffer.encode(false, 7703, 1, new long[] {A, B}, 2);
        assertEquals(KernelOffer.HEADER, no.length, "a decline lists no MAC");
        assertEquals(1, o.decode(wrap(no), 0, no.length, 10));
        assertFalse(o.accepts(A, 7703, 1, 10));
        assertFalse(o.accepting(10));
    }

    @Test
    void shouldVoidTheOfferOnAMalformedPayload() {
        final KernelOffer o = new KernelOffer();
        final byte[] b = KernelOffer.encode(true, 7703, 1, new long[] {A}, 1);
        o.decode(wrap(b), 0, b.length, 0);
        final byte[] bad = b.clone();
        bad[9] = 9; // says 9 MACs, carries 1
        assertEquals(-1, o.decode(wrap(bad), 0, bad.length, 1));
        assertFalse(o.accepts(A, 7703, 1, 1));
        final byte[] version = b.clone();
        version[0] = 2;
        assertEquals(-1, o.decode(wrap(version), 0, version.length, 1));
        assertEquals(-1, o.decode(wrap(new byte[3]), 0, 3, 1), "too short");
    }
}
