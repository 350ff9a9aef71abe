package org.vnet.daemon.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import org.junit.jupiter.api.Test;
import org.vnet.daemon.VnetdContext;
import org.vnet.daemon.link.seal.SealedHeader;
import org.vnet.daemon.link.seal.Sealer;
import org.vnet.daemon.link.seal.Session;
import org.vnet.daemon.model.LinkKey;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.wire.FrameHeader;

/**
 * The link suite on {@code security: aead} UDP links (native path; {@link SealedNettyUdpLinkTest}
 * runs it on the pure-Java one), with a key epoch every {@link #EPOCH} messages, and the attacks: a
 * forger on the peer's address or its own, plain, altered, wrong-key, replayed and old-session datagrams.
 */
class SealedUdpLinkTest extends LinkSuite {
    static final int EPOCH = 16;
    static final LinkKey KEY = key(1);

    static LinkKey key(final int fill) {
        final byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return LinkKey.of(k);
    }

    @Override
    Transport transport() {
        return Transport.UDP;
    }

    @Override
    VnetdContext context(final String name) {
        return super.context(name).udpEpochMessages(EPOCH);
    }

    @Override
    LinkSpec spec(final String name, final InetSocketAddress peer, final boolean accept) {
        return LinkSpec.sealed(name, peer, KEY);
    }

    @Override
    int maxFrame() {
        return 1500 - 20 - 8 - FrameHeader.LENGTH - SealedHeader.OVERHEAD;
    }

    /** A vnet DATA message carrying {@code frame}. */
    static ByteBuf data(final byte[] frame) {
        final ByteBuf m = Unpooled.buffer();
        FrameHeader.write(m, FrameHeader.TYPE_DATA, frame.length);
        return m.writeBytes(frame);
    }

    static byte[] sealed(final Sealer s, final ByteBuf message) {
        final ByteBuf d = Unpooled.buffer(message.readableBytes() + SealedHeader.OVERHEAD);
        d.writerIndex(s.seal(message, message.readerIndex(), message.readableBytes(), d, 0));
        return ByteBufUtil.getBytes(d);
    }

    static void send(final DatagramSocket from, final byte[] datagram, final InetSocketAddress to) throws Exception {
        from.send(new DatagramPacket(datagram, datagram.length, to));
    }

    @Test
    void shouldCarryFramesAcrossManyKeyEpochs() throws Exception {
        for (int i = 0; i < 10 * EPOCH; i++) {
            final byte[] f = frame(200, 0xb, 0xa);
            f[20] = (byte) i;
            a.vmSends(f);
            assertArrayEquals(f, b.vm.frames.poll(5, TimeUnit.SECONDS), "frame " + i);
        }
        final LinkSeal seal = a.onLoop(() -> ((aToB instanceof NativeUdpLinkPort n) ? n.seal() : ((UdpLinkPort) aToB).seal()));
        assertTrue(a.onLoop(() -> seal.sealer().epoch()) >= 9, "epochs moved on");
        assertEquals(0, b.counter(SystemCounter.AUTH_FAILURES));
        assertEquals(0, b.counter(SystemCounter.REPLAYS));
    }

    @Test
    void shouldDropAndCountPlainFramesFromThePeersAddress() throws Exception {
        // the forger sends from the peer's own address and port, as with a spoofed source
        final byte[] forged = ByteBufUtil.getBytes(data(frame(60, 0xb, 0x66)));
        a.onLoop(() -> {
            for (int i = 0; i < 100; i++) {
                a.links.udpSendRaw(forged, addrB);
            }
            return null;
        });
        awaitTrue(() -> b.counter(SystemCounter.AUTH_FAILURES) >= 100 ? 1 : 0, "100 forged datagrams counted");
        assertNull(b.vm.frames.poll(200, TimeUnit.MILLISECONDS), "no forged frame reaches the VM");
        assertTrue(bToA.counters().drops() >= 100);
        final byte[] f = frame(60, 0xb, 0xa);
        a.vmSends(f);
        assertArrayEquals(f, b.vm.frames.poll(5, TimeUnit.SECONDS), "the genuine link goes on");
    }

    @Test
    void shouldRefuseAlteredWrongKeyAndReplayedDatagramsWithoutReplyOrLiveness() throws Exception {
        try (DatagramSocket m = new DatagramSocket(new InetSocketAddress(host(), 0))) {
            final InetSocketAddress addrM = (InetSocketAddress) m.getLocalSocketAddress();
            final LinkPort bToM = b.link(2, LinkSpec.sealed("m", addrM, KEY));
            final Sealer genuine = new Sealer(KEY.bytes(), "m", "b", new Session(1_000, 1), System::nanoTime, EPOCH);
            final Sealer wrongKey = new Sealer(key(2).bytes(), "m", "b", new Session(1_000, 2), System::nanoTime, EPOCH);
            final byte[] good = sealed(genuine, data(frame(80, 0xb, 0x31)));
            final byte[] flipped = sealed(genuine, data(frame(80, 0xb, 0x32)));
            flipped[40] ^= 1;
            send(m, sealed(wrongKey, data(frame(80, 0xb, 0x33))), addrB);
            send(m, flipped, addrB);
            send(m, Arrays.copyOf(good, 30), addrB);
            awaitTrue(() -> b.counter(SystemCounter.AUTH_FAILURES) >= 3 ? 1 : 0, "three refused");
            assertEquals("down", b.onLoop(bToM::state), "forged datagrams do not make the link up");
            assertNull(b.vm.frames.poll(200, TimeUnit.MILLISECONDS));

            send(m, good, addrB);
            final byte[] got = b.vm.frames.poll(5, TimeUnit.SECONDS);
            assertEquals(0x31, got[11], "the genuine frame");
            assertEquals("up", b.onLoop(bToM::state));
            send(m, good, addrB);
            awaitTrue(() -> b.counter(SystemCounter.REPLAYS) >= 1 ? 1 : 0, "the replay counted");
            assertNull(b.vm.frames.poll(200, TimeUnit.MILLISECONDS), "the replay is not delivered");
            assertEquals(3, b.counter(SystemCounter.AUTH_FAILURES));

            // whatever b sends m is a sealed keepalive: nothing answers a refused datagram in clear
            m.setSoTimeout(100);
            final DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            for (int i = 0; i < 3; i++) {
                try {
                    m.receive(p);
                } catch (final java.net.SocketTimeoutException e) {
                    continue;
                }
                assertEquals(SealedHeader.MARK, Unpooled.wrappedBuffer(p.getData(), 0, p.getLength()).getInt(0));
            }
        }
    }

    @Test
    void shouldTakeARestartedPeersSessionAndRefuseTheOldOne() throws Exception {
        try (DatagramSocket m = new DatagramSocket(new InetSocketAddress(host(), 0))) {
            final InetSocketAddress addrM = (InetSocketAddress) m.getLocalSocketAddress();
            b.link(2, LinkSpec.sealed("m", addrM, KEY));
            final Sealer before = new Sealer(KEY.bytes(), "m", "b", new Session(1_000, 1), System::nanoTime, EPOCH);
            final byte[] captured = sealed(before, data(frame(80, 0xb, 0x41)));
            final byte[] capturedLater = sealed(before, data(frame(80, 0xb, 0x42)));
            send(m, captured, addrB);
            assertEquals(0x41, b.vm.frames.poll(5, TimeUnit.SECONDS)[11]);
            final Sealer restarted = new Sealer(KEY.bytes(), "m", "b", new Session(2_000, 1), System::nanoTime, EPOCH);
            send(m, sealed(restarted, data(frame(80, 0xb, 0x43))), addrB);
            assertEquals(0x43, b.vm.frames.poll(5, TimeUnit.SECONDS)[11], "the restarted peer is taken");
            send(m, capturedLater, addrB);
            awaitTrue(() -> b.counter(SystemCounter.REPLAYS) >= 1 ? 1 : 0, "the old session refused");
            assertNull(b.vm.frames.poll(200, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void shouldTakeSummariesOnlyWhenSealed() throws Exception {
        final List<String> taken = new CopyOnWriteArrayList<>();
        b.onLoop(() -> {
            b.links.control((link, type, payload) -> taken.add(link + ":" + new String(payload)));
            return null;
        });
        final ByteBuf summary = Unpooled.buffer();
        FrameHeader.write(summary, FrameHeader.TYPE_SUMMARY, 4);
        summary.writeBytes("ring".getBytes());
        final byte[] forged = ByteBufUtil.getBytes(summary);
        a.onLoop(() -> {
            a.links.udpSendRaw(forged, addrB);
            return null;
        });
        awaitTrue(() -> b.counter(SystemCounter.AUTH_FAILURES) >= 1 ? 1 : 0, "the plain summary refused");
        a.onLoop(() -> {
            aToB.sendControl(FrameHeader.TYPE_SUMMARY, "real".getBytes());
            return null;
        });
        awaitTrue(() -> taken.isEmpty() ? 0 : 1, "the sealed summary taken");
        assertEquals(List.of("a:real"), taken);
    }

    @Test
    void shouldMoveToANewKeyWithoutReopeningTheLink() throws Exception {
        final LinkKey next = key(7);
        a.onLoop(() -> a.links.rekey(aToB, next));
        final byte[] f = frame(60, 0xb, 0xa);
        a.vmSends(f);
        assertNull(b.vm.frames.poll(300, TimeUnit.MILLISECONDS), "b does not hold the new key yet");
        assertTrue(b.onLoop(() -> b.links.rekey(bToA, next)));
        a.vmSends(f);
        assertArrayEquals(f, b.vm.frames.poll(5, TimeUnit.SECONDS), "a's new session under the new key");
        final byte[] g = frame(60, 0xa, 0xb);
        b.vmSends(g);
        assertArrayEquals(g, a.vm.frames.poll(5, TimeUnit.SECONDS), "and back");
    }
}
