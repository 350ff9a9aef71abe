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
