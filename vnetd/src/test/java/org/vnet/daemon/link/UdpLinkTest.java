package org.vnet.daemon.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.junit.jupiter.api.Test;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.wire.FrameHeader;

class UdpLinkTest extends LinkSuite {
    @Override
    Transport transport() {
        return Transport.UDP;
    }

    @Override
    int maxFrame() {
        return 1500 - 20 - 8 - FrameHeader.LENGTH;
    }

    /** Whether this suite runs the native UDP path (the subclass for the fallback says no). */
    boolean expectsNative() {
        return true;
    }

    @Test
    void shouldRunTheUdpPathThisSuiteIsFor() {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.vnet.nativeio.NativeLibrary.isAvailable());
        assertEquals(expectsNative(), a.links.udpImplementation().startsWith("native"), a.links.udpImplementation());
    }

    @Test
    void shouldRefuseToListenWithOneClearLineWhenThePortIsAlreadyInUse() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new java.net.InetSocketAddress(host(), 0));
             Node c = new Node(dir, context("c").conclude(), null)) {
            final java.net.InetSocketAddress at = new java.net.InetSocketAddress(host(), taken.getLocalPort());
            final java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> c.listen(Transport.UDP, at));
            assertEquals("cannot listen for udp on " + org.vnet.daemon.model.LinkSpec.formatAddress(at)
                + ": address already in use", e.getMessage());
        }
    }

    @Test
    void shouldReportTheLinkUpWhileItsPeerSendsAndDownOnceThePeerDied() throws Exception {
        awaitTrue(() -> "up".equals(a.onLoop(aToB::state)) && "up".equals(b.onLoop(bToA::state)) ? 1 : 0,
            "both ends hear each other's keepalives");
        final LinkPort aToC;
        try (Node c = new Node(dir, context("c").conclude(), null)) {
            final java.net.InetSocketAddress addrC = c.listen(Transport.UDP, new java.net.InetSocketAddress(host(), 0));
            aToC = a.link(2, new org.vnet.daemon.model.LinkSpec("c", Transport.UDP, addrC, false));
            c.link(1, new org.vnet.daemon.model.LinkSpec("a", Transport.UDP, addrA, false));
            awaitTrue(() -> "up".equals(a.onLoop(aToC::state)) ? 1 : 0, "a hears c");
        }
        awaitTrue(() -> "down".equals(a.onLoop(aToC::state)) ? 1 : 0, "a's link to the dead c down");
        assertEquals("up", a.onLoop(aToB::state), "the other link stays up");
    }

    @Test
    void shouldRefuseAnotherSocketOnTheListeningPortEvenWithReuseAddress() throws Exception {
        // the port thief: an unprivileged process binding the daemon's address beside it
        try (java.nio.channels.DatagramChannel thief = java.nio.channels.DatagramChannel.open()) {
            thief.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            org.junit.jupiter.api.Assertions.assertThrows(java.net.BindException.class, () -> thief.bind(addrA));
        }
    }

    @Test
    void shouldCountAndDropFramesLargerThanTheLinkCarries() throws Exception {
        a.vmSends(frame(maxFrame() + 1, 0xb, 0xa));
        assertNull(b.vm.frames.poll(300, TimeUnit.MILLISECONDS));
        assertEquals(1, a.counter(SystemCounter.OVERSIZE_FRAMES));
        assertEquals(1, aToB.counters().drops());
    }

    @Test
    void shouldDeliverAFrameWithAPartialChecksumThatVerifiesOnceFinished() throws Exception {
        final io.netty.buffer.ByteBuf tcp = org.vnet.daemon.wire.ChecksumsTest.partialTcpFrame(1000);
        final byte[] f = io.netty.buffer.ByteBufUtil.getBytes(tcp);
        final byte[] needsCsum = {1, 0, 0, 0, 0, 0, 34, 0, 16, 0};
        a.vmSends(needsCsum, f);
        final byte[] got = b.vm.frames.poll(5, TimeUnit.SECONDS);
        final byte[] header = b.vm.headers.poll(1, TimeUnit.SECONDS);
        final io.netty.buffer.ByteBuf frame = io.netty.buffer.Unpooled.wrappedBuffer(got);
        if (header.length == 0) {
            // the pure-Java path finishes the checksum before sending
            org.junit.jupiter.api.Assertions.assertTrue(org.vnet.daemon.wire.ChecksumsTest.verifies(frame, 1000),
                "the checksum was finished on the way");
        } else {
            // the native path keeps it partial, with its header, for the receiving TAP (or NIC) to finish
            org.junit.jupiter.api.Assertions.assertArrayEquals(needsCsum, header);
            org.junit.jupiter.api.Assertions.assertTrue(org.vnet.daemon.wire.Checksums.complete(frame, 0, got.length,
                34, 16));
            org.junit.jupiter.api.Assertions.assertTrue(org.vnet.daemon.wire.ChecksumsTest.verifies(frame, 1000),
                "the checksum verifies once finished");
        }
    }

    @Test
    void shouldCountDatagramsFromAddressesThatAreNoPeer() throws Exception {
        final ByteBuf msg = Unpooled.buffer();
        final byte[] f = frame(60, 0xb, 0x66);
        FrameHeader.write(msg, FrameHeader.TYPE_DATA, f.length);
        msg.writeBytes(f);
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(msg.array(), msg.readableBytes(), addrB));
        }
        awaitIncrease(() -> b.counter(SystemCounter.UNKNOWN_PEER), 0, "unknownPeer");
        assertNull(b.vm.frames.poll(200, TimeUnit.MILLISECONDS), "a stranger's frame is not delivered");
    }

    @Test
    void shouldCountMalformedDatagramsFromThePeerAndKeepForwarding() throws Exception {
        final byte[][] bad = {
            {1, 2, 3},
            {'X', 'N', 1, 1, 0, 0, 0, 0},
            {0x56, 0x4E, 9, 1, 0, 0, 0, 0},
            {0x56, 0x4E, 1, 99, 0, 0, 0, 0},
            {0x56, 0x4E, 1, 1, 0, 0, 0, 9, 1},
            {0x56, 0x4E, 1, 1, 0, 1, 0, 0},
            {0x56, 0x4E, 1, 1, 2, 0, 0, 0},
        };
        a.onLoop(() -> {
            for (final byte[] d : bad) {
                a.links.udpSendRaw(d, addrB);
            }
            return null;
        });
        awaitIncrease(() -> b.counter(SystemCounter.MALFORMED_MESSAGES) + b.counter(SystemCounter.BAD_MAGIC)
            + b.counter(SystemCounter.BAD_VERSION) + b.counter(SystemCounter.BAD_TYPE) >= bad.length ? 1 : 0, 0,
            "bad datagrams");
        // short, wrong length, reserved byte set, unknown flag
        assertEquals(4, b.counter(SystemCounter.MALFORMED_MESSAGES));
        assertEquals(1, b.counter(SystemCounter.BAD_MAGIC));
        assertEquals(1, b.counter(SystemCounter.BAD_VERSION));
        assertEquals(1, b.counter(SystemCounter.BAD_TYPE));
        final byte[] f = frame(60, 0xb, 0xa);
        a.vmSends(f);
        assertArrayEquals(f, b.vm.frames.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void shouldCountAnEmptyDatagramAndReadOnPastIt() throws Exception {
        try (DatagramSocket peer = new DatagramSocket(new java.net.InetSocketAddress(host(), 0))) {
            final LinkPort toPeer = b.link(2, new org.vnet.daemon.model.LinkSpec("p", Transport.UDP,
                (java.net.InetSocketAddress) peer.getLocalSocketAddress(), false));
            final byte[] f = frame(60, 0xb, 0x77);
            final ByteBuf msg = Unpooled.buffer();
            FrameHeader.write(msg, FrameHeader.TYPE_DATA, f.length);
            msg.writeBytes(f);
            peer.send(new DatagramPacket(new byte[0], 0, addrB));
            peer.send(new DatagramPacket(msg.array(), msg.readableBytes(), addrB));
            assertArrayEquals(f, b.vm.frames.poll(5, TimeUnit.SECONDS), "the frame after the empty datagram");
            assertEquals(1, b.counter(SystemCounter.MALFORMED_MESSAGES));
            assertEquals(1, toPeer.counters().drops());
        }
    }
}
