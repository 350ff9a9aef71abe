package org.vnet.daemon.link;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.telemetry.LogText;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.wire.FrameHeader;

/**
 * One TCP/TLS connection's link handler, last in its pipeline: TLS identity, HELLO exchange, then
 * messages into the switch. A dialled connection carries its link once connected (TLS: once the
 * peer's certificate names the link) and sends its HELLO then; an accepted one waits for the
 * peer's HELLO, is bound to the matching link if the peer's certificate names it (TLS) and the
 * link has no live connection, and only then answers with its own HELLO. Data-plane thread only.
 */
final class StreamConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(StreamLinks.class);

    private final StreamLinks links;
    private final Transport transport;
    private final boolean dialled;
    /** Dialled: the link from the start; accepted: the link once the HELLO bound it. */
    private StreamLinkPort port;
    /** Accepted: the source counted in {@link StreamLinks#pending} until the connection is bound or closed. */
    private InetAddress pendingFrom;
    private boolean heard;

    /**
     * @param links       the links this connection may carry
     * @param transport   TCP or TLS
     * @param dialled     the link this daemon dialled, or null for an accepted connection
     * @param pendingFrom an accepted connection's source, counted as pending in {@code links}; else null
     */
    StreamConnection(final StreamLinks links, final Transport transport, final StreamLinkPort dialled,
                     final InetAddress pendingFrom) {
        this.links = links;
        this.transport = transport;
        this.port = dialled;
        this.dialled = dialled != null;
        this.pendingFrom = pendingFrom;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx) {
        if (!dialled) {
            ctx.executor().schedule(() -> {
                if (port == null && ctx.channel().isActive()) {
                    links.telemetry.increment(SystemCounter.REFUSED_CONNECTIONS);
                    links.warnRefused(ctx.channel().remoteAddress(), transport.label() + " connection from "
                        + ctx.channel().remoteAddress() + " sent no hello within " + StreamLinks.HELLO_TIMEOUT_MILLIS
                        + " ms: closed");
                    ctx.close();
                }
            }, StreamLinks.HELLO_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } else if (transport != Transport.TLS) {
            connected(ctx);
        }
        ctx.fireChannelActive();
    }

    /** A dialled connection is established (TLS: handshake and identity check passed): HELLO, and it carries the link. */
    private void connected(final ChannelHandlerContext ctx) {
        sendHello(ctx);
        port.attach(ctx.channel(), "", System.currentTimeMillis());
        LOG.info("link {}: connected to {} over {}", port.name(), port.spec().peer(), transport.label());
    }

    private void sendHello(final ChannelHandlerContext ctx) {
        final byte[] name = links.myName.getBytes(StandardCharsets.UTF_8);
        final ByteBuf hello = ctx.alloc().buffer(FrameHeader.LENGTH + name.length);
        FrameHeader.write(hello, FrameHeader.TYPE_HELLO, name.length);
        hello.writeBytes(name);
        ctx.writeAndFlush(hello);
    }

    private boolean bound(final ChannelHandlerContext ctx) {
        return port != null && port.channel() == ctx.channel();
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
        final ByteBuf buf = (ByteBuf) msg;
        try {
            if (!ctx.channel().isActive()) {
                return; // closed by this handler: the rest of its last read is not looked at (nor counted again)
            }
            final int length = buf.readableBytes();
            final int check = FrameHeader.check(buf, length);
            if (check != FrameHeader.OK) {
                links.input.countBad(check);
                links.warnRefused(ctx.channel().remoteAddress(), transport.label() + " link "
                    + (port == null ? "?" : port.name()) + " from " + ctx.channel().remoteAddress()
                    + ": bad message (code " + check + "), closing the stream");
                ctx.close();
                return;
            }
            final int type = FrameHeader.type(buf);
            if (type == FrameHeader.TYPE_HELLO) {
                onHello(ctx, buf.toString(buf.readerIndex() + FrameHeader.LENGTH, length - FrameHeader.LENGTH,
                    StandardCharsets.UTF_8));
            } else if (!bound(ctx)) {
                if (type == FrameHeader.TYPE_DATA) {
                    links.telemetry.increment(SystemCounter.REFUSED_CONNECTIONS);
                    ctx.close();
                }
                return;
            } else if (LinkInput.isControl(type)) {
                links.input.control(port, type, buf, length);
            } else if (type == FrameHeader.TYPE_DATA) {
                links.input.deliver(port, buf, length);
            }
            heard = true;
        } finally {
            buf.release();
        }
    }

    private void onHello(final ChannelHandlerContext ctx, final String name) {
        if (dialled || port != null) {
            return;
        }
        final InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        final StreamLinkPort p = links.match(transport, remote.getAddress(), name);
        if (p == null) {
            links.telemetry.increment(SystemCounter.REFUSED_CONNECTIONS);
            links.warnRefused(remote, transport.label() + " connection from " + remote + " (hello '" + LogText.escape(name)
                + "') matches no accepting link: closed");
            ctx.close();
            return;
        }
        if (transport == Transport.TLS && !certificateNames(ctx, name)) {
            return;
        }
        final long now = System.currentTimeMillis();
        if (p.live(now)) {
            links.telemetry.increment(SystemCounter.DUPLICATE_CONNECTIONS);
            links.warnRefused(remote, transport.label() + " connection from " + remote + " claims link " + p.name()
                + ", which has a live connection from " + p.channel().remoteAddress() + ": closed");
            ctx.close();
            return;
        }
        settle();
        final Channel old = p.channel();
        port = p;
        p.attach(ctx.channel(), name, now);
        sendHello(ctx);
        if (old != null) {
            LOG.info("link {}: accepted {} from {} ({}), replacing a dead connection from {}", p.name(),
                transport.label(), remote, LogText.escape(name), old.remoteAddress());
        } else {
            LOG.info("link {}: accepted {} from {} ({})", p.name(), transport.label(), remote, LogText.escape(name));
        }
    }

    /** Whether the peer's certificate names {@code claimed}; if not, counts, warns and closes. */
    private boolean certificateNames(final ChannelHandlerContext ctx, final String claimed) {
        List<String> names;
        try {
            names = TlsIdentity.names(ctx.pipeline().get(SslHandler.class).engine().getSession());
        } catch (final SSLPeerUnverifiedException e) {
            names = List.of();
        }
        if (names.contains(claimed)) {
            return true;
        }
        links.telemetry.increment(SystemCounter.TLS_IDENTITY_MISMATCHES);
        links.warnRefused(ctx.channel().remoteAddress(), "tls peer " + ctx.channel().remoteAddress() + " is link '"
            + LogText.escape(claimed) + "' but its certificate names " + LogText.escape(names.toString()) + ": closed");
        ctx.close();
        return false;
    }

    /** The connection is no longer pending: bound to a link, or closed. */
    private void settle() {
        if (pendingFrom != null) {
            links.pending.remove(pendingFrom);
            pendingFrom = null;
        }
    }

    @Override
    public void channelReadComplete(final ChannelHandlerContext ctx) {
        if (heard) {
            heard = false;
            if (bound(ctx)) {
                port.heard(System.currentTimeMillis());
            }
        }
        links.sw.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e) {
            if (!e.isSuccess()) {
                links.telemetry.increment(SystemCounter.TLS_HANDSHAKE_FAILURES);
                links.warnRefused(ctx.channel().remoteAddress(), "tls handshake with " + ctx.channel().remoteAddress()
                    + " failed: " + LogText.escape(e.cause().toString()));
                ctx.close();
            } else if (dialled && certificateNames(ctx, port.name())) {
                connected(ctx);
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) {
        settle();
        if (port != null) {
            port.detach(ctx.channel());
            if (dialled && !port.isClosed()) {
                LOG.info("link {}: connection lost, redialling", port.name());
                final StreamLinkPort p = port;
                ctx.executor().schedule(() -> links.dial(p), StreamLinks.RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        // I/O errors (a peer that crashed resets its connection; TLS failures) are the network's, not the daemon's
        if (!(cause instanceof java.io.IOException) && !(cause.getCause() instanceof javax.net.ssl.SSLException)) {
            links.telemetry.increment(SystemCounter.ERRORS);
        }
        links.warnRefused(ctx.channel().remoteAddress(), transport.label() + " link " + (port == null ? "?" : port.name())
            + " (" + ctx.channel().remoteAddress() + "): " + LogText.escape(cause.toString()));
        ctx.close();
    }
}
