package org.vnet.daemon.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.junit.jupiter.api.Test;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.wire.FrameHeader;

/** What TCP and TLS links share: connection handling. */
abstract class StreamLinkSuite extends LinkSuite {
    static byte[] hello(final String name) {
        final byte[] n = name.getBytes(StandardCharsets.UTF_8);
        final ByteBuf b = Unpooled.buffer();
        FrameHeader.write(b, FrameHeader.TYPE_HELLO, n.length);
        b.writeBytes(n);
        final byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    /** A DATA message carrying {@code frame}. */
    static byte[] data(final byte[] frame) {
        final ByteBuf b = Unpooled.buffer();
        FrameHeader.write(b, FrameHeader.TYPE_DATA, frame.length);
        b.writeBytes(frame);
        final byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    /** {@code parts} one after the other. */
    static byte[] concat(final byte[]... parts) {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (final byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Reads {@code s} until the daemon closes it; fails if the daemon keeps it open for 5 s. */
    static void assertClosedByDaemon(final Socket s) throws Exception {
        s.setSoTimeout(5000);
        try {
            while (s.getInputStream().read() >= 0) {
                continue;
            }
        } catch (final java.net.SocketTimeoutException e) {
            throw new AssertionError("the daemon kept the connection from " + s.getLocalSocketAddress() + " open", e);
        } catch (final java.net.SocketException e) {
            // reset by the daemon: closed as well
        }
    }

    @Test
    void shouldLetARestartedPeerBackInOnceItsOldConnectionClosed() throws Exception {
        a.close();
        awaitTrue(() -> "waiting".equals(b.onLoop(bToA::state)) ? 1 : 0, "b to see a's connection close");
        a = new Node(java.nio.file.Files.createDirectories(dir.resolve("restarted")), context("a").conclude(), tls("a"));
        aToB = a.link(1, new org.vnet.daemon.model.LinkSpec("b", transport(), addrB, false));
        awaitTrue(() -> "up".equals(a.onLoop(aToB::state)) && "up".equals(b.onLoop(bToA::state)) ? 1 : 0,
            "the restarted peer connected");
        final byte[] f = frame(200, 0xb, 0xa);
        a.vmSends(f);
        assertArrayEquals(f, b.vm.frames.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void shouldRedialAndCarryFramesAfterTheConnectionDrops() throws Exception {
        a.onLoop(() -> ((StreamLinkPort) aToB).channel().close());
        awaitTrue(() -> "up".equals(a.onLoop(aToB::state)) && "up".equals(b.onLoop(bToA::state)) ? 1 : 0, "redialled");
        final byte[] f = frame(200, 0xb, 0xa);
        a.vmSends(f);
        assertArrayEquals(f, b.vm.frames.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void shouldNotCountAnErrorWhenThePeerResetsTheConnection() throws Exception {
        // a peer daemon that crashes resets its connections: a network event, not an internal error
        final long errors = b.counter(SystemCounter.ERRORS);
        a.onLoop(() -> {
            final io.netty.channel.Channel ch = ((StreamLinkPort) aToB).channel();
            ch.config().setOption(io.netty.channel.ChannelOption.SO_LINGER, 0);
            return ch.close();
        });
        awaitTrue(() -> "up".equals(a.onLoop(aToB::state)) && "up".equals(b.onLoop(bToA::state)) ? 1 : 0, "redialled");
        assertEquals(errors, b.counter(SystemCounter.ERRORS), "errors counted by b");
    }

    /** Raw bytes from a plain TCP client to b's listener. */
    static void rawTcp(final java.net.InetSocketAddress to, final byte[] bytes) throws Exception {
        try (Socket s = new Socket(to.getAddress(), to.getPort())) {
            final OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
            s.setSoTimeout(3000);
            // the daemon closes the connection: read until EOF
            while (s.getInputStream().read() >= 0) {
                continue;
            }
        }
    }

    @Test
    void shouldKeepCarryingFramesAfterRefusingAStranger() throws Exception {
        final long before = b.counter(SystemCounter.REFUSED_CONNECTIONS) + b.counter(SystemCounter.TLS_HANDSHAKE_FAILURES);
        rawTcp(addrB, hello("intruder"));
        awaitIncrease(() -> b.counter(SystemCounter.REFUSED_CONNECTIONS) + b.counter(SystemCounter.TLS_HANDSHAKE_FAILURES),
            before, "stranger refused");
        final byte[] f = frame(200, 0xb, 0xa);
        a.vmSends(f);
        assertArrayEquals(f, b.vm.frames.poll(5, TimeUnit.SECONDS));
    }
}
