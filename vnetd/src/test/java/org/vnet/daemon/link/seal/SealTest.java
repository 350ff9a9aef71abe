package org.vnet.daemon.link.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.junit.jupiter.api.Test;

class SealTest {
    private static final byte[] PSK = psk(1);
    private final long[] nanos = {0};
    private final Session sessions = new Session(1_000_000, 7);
    private final Sealer aToB = new Sealer(PSK, "a", "b", sessions, () -> nanos[0], Sealer.EPOCH_MESSAGES);
    private final Opener bFromA = new Opener(PSK, "a", "b");
    private final ByteBuf out = Unpooled.directBuffer(70_000);

    private static byte[] psk(final int fill) {
        final byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    private static ByteBuf message(final int length, final int fill) {
        final ByteBuf m = Unpooled.buffer(length);
        for (int i = 0; i < length; i++) {
            m.writeByte(fill + i);
        }
        return m;
    }

    private ByteBuf seal(final Sealer s, final ByteBuf msg) {
        final ByteBuf d = Unpooled.directBuffer(msg.readableBytes() + SealedHeader.OVERHEAD);
        d.writerIndex(s.seal(msg, 0, msg.readableBytes(), d, 0));
        return d;
    }

    private int open(final Opener o, final ByteBuf datagram) {
        return o.open(datagram, 0, datagram.readableBytes(), out, 0);
    }

    @Test
    void shouldOpenWhatTheSealerSealedAndHideThePayload() {
        final ByteBuf msg = message(1_448, 3);
        final ByteBuf d = seal(aToB, msg);
        assertEquals(1_448 + SealedHeader.OVERHEAD, d.readableBytes());
        assertNotEquals(msg, d.slice(SealedHeader.LENGTH, 1_448), "the payload is not in clear");
        assertEquals(1_448, open(bFromA, d));
        assertEquals(msg, out.slice(0, 1_448));
    }

    @Test
    void shouldSealInPlaceWhenTheMessageFollowsTheRoomForThePrefix() {
        final ByteBuf msg = message(100, 9);
        final ByteBuf d = Unpooled.directBuffer(200);
        d.setBytes(SealedHeader.LENGTH, msg, 0, 100);
        d.writerIndex(aToB.seal(d, SealedHeader.LENGTH, 100, d, 0));
        assertEquals(100, open(bFromA, d));
        assertEquals(msg, out.slice(0, 100));
    }

    @Test
    void shouldRefuseAnyFlippedBit() {
        final ByteBuf d = seal(aToB, message(64, 1));
        for (int i = 0; i < d.readableBytes(); i++) {
            final ByteBuf bad = d.copy();
            bad.setByte(i, bad.getByte(i) ^ 0x10);
            final int r = open(bFromA, bad);
            assertTrue(r == Opener.AUTH_FAILED || r == Opener.NOT_SEALED, "byte " + i + ": " + r);
        }
        assertEquals(64, open(bFromA, d), "the genuine datagram still opens");
    }

    @Test
    void shouldRefuseWrongKeyOtherDirectionPlainAndShortDatagrams() {
        final ByteBuf d = seal(aToB, message(64, 1));
        assertEquals(Opener.AUTH_FAILED, open(new Opener(psk(2), "a", "b"), d), "wrong key");
        assertEquals(Opener.AUTH_FAILED, open(new Opener(PSK, "b", "a"), d), "reflected to its sender");
        assertEquals(Opener.NOT_SEALED, open(bFromA, message(64, 0x56)), "plain");
        assertEquals(Opener.NOT_SEALED, open(bFromA, d.slice(0, SealedHeader.OVERHEAD - 1)), "short");
    }

    @Test
    void shouldRefuseReplaysButTakeReorderedDatagrams() {
        final ByteBuf first = seal(aToB, message(10, 1));
        final ByteBuf second = seal(aToB, message(10, 2));
        assertEquals(10, open(bFromA, second));
        assertEquals(10, open(bFromA, first), "reordered");
        assertEquals(Opener.REPLAY, open(bFromA, first.duplicate()));
        assertEquals(Opener.REPLAY, open(bFromA, second.duplicate()));
    }

    @Test
    void shouldTakeANewerSessionAndRefuseTheOlderOneAfterwards() {
        final ByteBuf old = seal(aToB, message(10, 1));
        final ByteBuf oldLater = seal(aToB, message(10, 2));
        assertEquals(10, open(bFromA, old));
        // the peer restarted: a new sealer, a newer session
        final Sealer restarted = new Sealer(PSK, "a", "b", new Session(2_000_000, 1), () -> 0, Sealer.EPOCH_MESSAGES);
        final ByteBuf fresh = seal(restarted, message(10, 3));
        assertEquals(10, open(bFromA, fresh));
        assertEquals(restarted.session(), bFromA.session());
        assertEquals(Opener.OLD_SESSION, open(bFromA, oldLater), "the old session's datagrams are refused");
        assertEquals(10, open(bFromA, seal(restarted, message(10, 4))));
    }

    @Test
    void shouldNotSwitchSessionOnAForgedNewerSession() {
        assertEquals(10, open(bFromA, seal(aToB, message(10, 1))));
        final Sealer forger = new Sealer(psk(9), "a", "b", new Session(3_000_000, 1), () -> 0, Sealer.EPOCH_MESSAGES);
        assertEquals(Opener.AUTH_FAILED, open(bFromA, seal(forger, message(10, 2))));
        assertEquals(10, open(bFromA, seal(aToB, message(10, 3))), "the genuine session goes on");
    }

    @Test
    void shouldMoveToTheNextEpochAfterItsMessagesAndKeepThePreviousForStragglers() {
        final Sealer s = new Sealer(PSK, "a", "b", sessions, () -> 0, 4);
        final ByteBuf[] d = new ByteBuf[10];
        for (int i = 0; i < d.length; i++) {
            d[i] = seal(s, message(10, i));
        }
        assertEquals(2, s.epoch());
        assertEquals(10, open(bFromA, d[0]));
        assertEquals(10, open(bFromA, d[5]));
        assertEquals(1, bFromA.epoch());
        assertEquals(10, open(bFromA, d[1]), "a straggler of the previous epoch");
        assertEquals(10, open(bFromA, d[9]));
        assertEquals(2, bFromA.epoch());
        assertEquals(10, open(bFromA, d[6]), "epoch 1 is the previous one now");
        assertEquals(Opener.AUTH_FAILED, open(bFromA, d[2]), "epoch 0 is gone");
    }

    @Test
    void shouldMoveToTheNextEpochAfterItsTime() {
        assertEquals(10, open(bFromA, seal(aToB, message(10, 1))));
        nanos[0] += Sealer.EPOCH_NANOS;
        final ByteBuf d = seal(aToB, message(10, 2));
        assertEquals(1, aToB.epoch());
        assertEquals(10, open(bFromA, d));
        assertEquals(1, bFromA.epoch());
    }

    @Test
    void shouldTakeANewPreSharedKeyWithoutRefusingTheCurrentSession() {
        assertEquals(10, open(bFromA, seal(aToB, message(10, 1))));
        final byte[] next = psk(5);
        bFromA.rekey(next);
        assertEquals(10, open(bFromA, seal(aToB, message(10, 2))), "the sender has not changed yet");
        aToB.rekey(next);
        assertEquals(10, open(bFromA, seal(aToB, message(10, 3))), "the sender's new session under the new key");
        assertEquals(0, bFromA.epoch());
        assertEquals(aToB.session(), bFromA.session());
    }
}
