package org.vnet.daemon.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.VnetdContext;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.testing.Await;

/**
 * Links between two in-process switches over real loopback sockets, one subclass per transport:
 * frames cross both ways intact, hostile input is counted and refused, the link keeps working.
 */
abstract class LinkSuite {
    @TempDir
    Path dir;
    Node a;
    Node b;
    LinkPort aToB;
    LinkPort bToA;
    InetSocketAddress addrA;
    InetSocketAddress addrB;

    abstract Transport transport();

    /** Loopback address the nodes use (IPv4 unless a subclass says otherwise). */
    String host() {
        return "127.0.0.1";
    }

    /** TLS material for node {@code name}, or null. */
    TlsContexts tls(final String name) throws Exception {
        return null;
    }

    /** The settings of node {@code name}, not yet concluded (a subclass changes them here). */
    VnetdContext context(final String name) {
        return Node.context(name);
    }

    @BeforeEach
    void connect() throws Exception {
        a = new Node(dir, context("a").conclude(), tls("a"));
        b = new Node(dir, context("b").conclude(), tls("b"));
        final boolean stream = transport() != Transport.UDP;
        addrA = a.listen(transport(), new InetSocketAddress(host(), 0));
        addrB = b.listen(transport(), new InetSocketAddress(host(), 0));
        // a dials b; b's link waits for a (matched by a's address and HELLO name), so it is made first:
        // else a's first HELLO can come before it, be refused and logged, and a redials
        bToA = b.link(1, spec("a", addrA, stream));
        aToB = a.link(1, spec("b", addrB, false));
        if (stream) {
            awaitTrue(() -> "up".equals(a.onLoop(aToB::state)) && "up".equals(b.onLoop(bToA::state)) ? 1 : 0,
                "link up on both ends");
        }
    }

    /** The spec of the suite's link named {@code name} to {@code peer} (a subclass seals it). */
    LinkSpec spec(final String name, final InetSocketAddress peer, final boolean accept) {
        return new LinkSpec(name, transport(), peer, accept);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    static byte[] frame(final int length, final int dstLast, final int srcLast) {
        final byte[] f = new byte[length];
        f[0] = 2;
        f[5] = (byte) dstLast;
        f[6] = 2;
        f[11] = (byte) srcLast;
        f[12] = 0x08;
        for (int i = 14; i < length; i++) {
            f[i] = (byte) (i * 31);
        }
        return f;
    }

    @Test
    void shouldCarryFramesIntactBothWays() throws Exception {
        for (final int len : new int[] {14, 60, 1000, maxFrame()}) {
            final byte[] f = frame(len, 0xb, 0xa);
            a.vmSends(f);
            assertArrayEquals(f, b.vm.frames.poll(5, TimeUnit.SECONDS), "a -> b, " + len + " bytes");
            final byte[] g = frame(len, 0xa, 0xb);
            b.vmSends(g);
            assertArrayEquals(g, a.vm.frames.poll(5, TimeUnit.SECONDS), "b -> a, " + len + " bytes");
        }
        assertEquals(4, aToB.counters().txFrames());
        assertEquals(4, bToA.counters().rxFrames());
    }

    @Test
    void shouldCarryOneReadBurstOfEqualFramesIntactAndCountEach() throws Exception {
        // on UDP these leave as one UDP_SEGMENT message per 42 or so, and arrive as one GRO read
        final java.util.List<byte[]> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            final byte[] f = frame(120, 0xb, 0xa);
            f[20] = (byte) i;
            f[21] = (byte) (i * 7);
            burst.add(f);
        }
        final long frames = aToB.counters().txFrames();
        final long bytes = aToB.counters().txBytes();
        a.vmSendsBurst(burst);
        for (int i = 0; i < 60; i++) {
            assertArrayEquals(burst.get(i), b.vm.frames.poll(5, TimeUnit.SECONDS), "frame " + i + " intact, in order");
        }
        assertEquals(frames + 60, aToB.counters().txFrames());
        assertEquals(bytes + 60 * 120L, aToB.counters().txBytes());
        assertEquals(60, bToA.counters().rxFrames());
    }

    @Test
    void shouldCarryABurstOfFramesInOrder() throws Exception {
        for (int i = 0; i < 200; i++) {
            final byte[] f = frame(100, 0xb, 0xa);
            f[20] = (byte) i;
            a.vmSends(f);
        }
        for (int i = 0; i < 200; i++) {
            final byte[] f = b.vm.frames.poll(5, TimeUnit.SECONDS);
            assertNotNull(f, "frame " + i);
            if (transport() != Transport.UDP) {
                assertEquals((byte) i, f[20]);
            }
        }
    }

    @Test
    void shouldNotDeliverFramesOnceTheLinkIsRemoved() throws Exception {
        a.removeLink(aToB);
        a.vmSends(frame(60, 0xb, 0xa));
        assertNull(b.vm.frames.poll(500, TimeUnit.MILLISECONDS));
        assertEquals(1, a.counter(SystemCounter.NO_OUTPUT_FRAMES));
    }

    /** A virtio_net_hdr for a TCPv4 super-frame (gso_size 1348). */
    static byte[] gsoHeader() {
        return new byte[] {1, 1, 66, 0, 0x44, 0x05, 34, 0, 16, 0};
    }

    @Test
    void shouldCarryASuperFrameWithItsVirtioHeader() throws Exception {
        final byte[] f = frame(60_000, 0xb, 0xa);
        a.vmSends(gsoHeader(), f);
        assertArrayEquals(f, b.vm.frames.poll(5, TimeUnit.SECONDS));
        assertArrayEquals(gsoHeader(), b.vm.headers.poll(1, TimeUnit.SECONDS), "the header travels with the frame");
    }

    @Test
    void shouldCarryTcpSuperFramesWhole() throws Exception {
        for (final boolean v6 : new boolean[] {false, true}) {
            final io.netty.buffer.ByteBuf sf = org.vnet.daemon.offload.TcpFrames.superFrame(v6, 40_000, 7, 60_000,
                0x18, 11);
            final byte[] hdr = io.netty.buffer.ByteBufUtil.getBytes(sf, 0, 10);
            final byte[] f = io.netty.buffer.ByteBufUtil.getBytes(sf, 10, sf.readableBytes() - 10);
            a.vmSends(hdr, f);
            // UDP cuts it into 45 segments and joins them again on arrival: one frame, or two when
            // the segments straddle two reads
            final int headers = 14 + (v6 ? 40 : 20) + 32;
            final java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
            byte[] first = null;
            while (payload.size() < 60_000) {
                final byte[] got = b.vm.frames.poll(5, TimeUnit.SECONDS);
                assertNotNull(got, "payload so far " + payload.size());
                b.vm.headers.poll(1, TimeUnit.SECONDS);
                first = first == null ? got : first;
                payload.write(got, headers, got.length - headers);
            }
            assertArrayEquals(java.util.Arrays.copyOfRange(f, headers, f.length), payload.toByteArray());
            if (first.length == f.length) {
                assertArrayEquals(f, first, "joined back into the same super-frame");
            }
        }
    }

    @Test
    void shouldNotSendATrivialVirtioHeader() throws Exception {
        final byte[] f = frame(100, 0xb, 0xa);
        a.vmSends(new byte[10], f);
        assertArrayEquals(f, b.vm.frames.poll(5, TimeUnit.SECONDS));
        assertEquals(0, b.vm.headers.poll(1, TimeUnit.SECONDS).length);
    }

    int maxFrame() {
        return 9000;
    }

    static void awaitTrue(final LongSupplier condition, final String what) {
        Await.until(Duration.ofSeconds(10), what, () -> condition.getAsLong() > 0);
    }

    static void awaitIncrease(final LongSupplier counter, final long before, final String what) {
        Await.until(Duration.ofSeconds(10), what + " above " + before, counter::getAsLong, n -> n > before);
    }
}
