package org.vnet.daemon.link;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.telemetry.LogLimiter;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.FrameHeader;

/**
 * TCP and TLS links: listeners for links that wait to be dialled, dialers (with reconnection) for
 * the others. Each connection's pipeline is [TLS] → length framing → {@link StreamConnection}. The dialler
 * sends a HELLO with its daemon name once connected (TLS: once the handshake authenticated the
 * peer and the peer's certificate names the link); an accepted connection is bound to the accepting
 * link whose name is the HELLO's name and whose peer IP is the connection's source address (so an
 * accepting link is named after the daemon that dials it), on TLS only if the dialler's certificate
 * names it too ({@link TlsIdentity}), and only while the link has no live connection; then it sends
 * its own HELLO. Anything else is refused and counted. Connections waiting for a HELLO are capped
 * per source and in all ({@link PendingConnections}). Everything runs on the data-plane loop.
 */
public final class StreamLinks {
    private static final Logger LOG = LoggerFactory.getLogger(StreamLinks.class);
    /** Wait before redialling a link whose connection failed or was lost. */
    static final long RETRY_MILLIS = 1000;
    /** An accepted connection must complete its TLS handshake and send a matching HELLO within this. */
    static final long HELLO_TIMEOUT_MILLIS = 5_000;
    /** Most accepted connections waiting for a HELLO from one source address; more are closed at once. */
    static final int MAX_PENDING_PER_SOURCE = 8;
    /** Most accepted connections waiting for a HELLO in all; more are closed at once. */
    static final int MAX_PENDING = 256;
    /** A connection with nothing heard for this long is dead and closed, whatever TCP thinks of it. */
    static final long DEAD_MILLIS = 10_000;
    private static final byte[] NO_PAYLOAD = new byte[0];
    /** Least time between two refusal WARNs about one source address. */
    static final long REFUSAL_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int REFUSAL_LOG_SOURCES = 1024;

    private final EventLoop loop;
    final Switch sw;
    final Telemetry telemetry;
    /** This daemon's name, sent in HELLO. */
    final String myName;
    private final TlsContexts tls;
    final LinkInput input;
    private final List<StreamLinkPort> links = new ArrayList<>();
    private final List<Channel> listeners = new ArrayList<>();
    private final LogLimiter refusalLog = new LogLimiter(REFUSAL_LOG_INTERVAL_NANOS, REFUSAL_LOG_SOURCES, System::nanoTime);
    /** Accepted connections not yet bound to a link. */
    final PendingConnections pending = new PendingConnections(MAX_PENDING_PER_SOURCE, MAX_PENDING);
    private final ScheduledFuture<?> keepalives;

    StreamLinks(final EventLoop loop, final Switch sw, final Telemetry telemetry, final String myName,
                final TlsContexts tls, final LinkInput input) {
        this.loop = loop;
        this.input = input;
        this.sw = sw;
        this.telemetry = telemetry;
        this.myName = myName;
        this.tls = tls;
        this.keepalives = loop.scheduleAtFixedRate(this::keepalives, PeerLiveness.KEEPALIVE_MILLIS,
            PeerLiveness.KEEPALIVE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Every connected link's KEEPALIVE, so that its peer sees the connection live; a connection silent for
     * {@link #DEAD_MILLIS} is closed (a dialled link redials). Data-plane thread, every second.
     */
    private void keepalives() {
        final long now = System.currentTimeMillis();
        for (final StreamLinkPort p : links) {
            if (p.closeIfSilent(now, DEAD_MILLIS)) {
                LOG.info("link {}: nothing heard for {} ms, connection closed", p.name(), DEAD_MILLIS);
            } else {
                p.sendControl(FrameHeader.TYPE_KEEPALIVE, NO_PAYLOAD);
            }
        }
    }

    /** Listens for links of {@code transport} on {@code local}; blocks until bound and returns the bound address. */
    InetSocketAddress listen(final Transport transport, final InetSocketAddress local) throws InterruptedException {
        final ServerBootstrap b = new ServerBootstrap()
            .group(loop)
            .channel(EpollServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
            .childHandler(initializer(transport, null));
        final Channel listener = b.bind(local).sync().channel();
        listeners.add(listener);
        LOG.info("{} listening on {}", transport.label(), listener.localAddress());
        return (InetSocketAddress) listener.localAddress();
    }

    /**
     * Logs the WARN of a refused connection or a stream closed for a bad message: at most one per source
     * address per {@link #REFUSAL_LOG_INTERVAL_NANOS}, the next one saying how many were held back.
     */
    void warnRefused(final java.net.SocketAddress remote, final String message) {
        final Object source = remote instanceof InetSocketAddress a ? a.getAddress() : remote;
        final long held = refusalLog.admit(source);
        if (held == 0) {
            LOG.warn("{}", message);
        } else if (held > 0) {
            LOG.warn("{} (and {} more from {} not logged since the last such line)", message, held,
                source instanceof InetAddress a ? a.getHostAddress() : "other sources");
        }
    }

    /** Creates the port of a TCP/TLS link and starts dialling unless it waits; data-plane thread. */
    StreamLinkPort add(final int id, final LinkSpec spec) {
        if (spec.transport() == Transport.TLS && tls == null) {
            throw new IllegalArgumentException("link " + spec.name() + ": tls link but no tls material configured");
        }
        final StreamLinkPort port = new StreamLinkPort(id, spec, telemetry.portCounters("link", spec.name()), telemetry,
            io.netty.buffer.PooledByteBufAllocator.DEFAULT);
        links.add(port);
        if (!spec.accept()) {
            dial(port);
        }
        return port;
    }

    /** Closes and forgets a link; data-plane thread. */
    void remove(final StreamLinkPort port) {
        links.remove(port);
        port.close();
    }

    /** Closes every listener and connection. */
    void close() {
        keepalives.cancel(false);
        for (final StreamLinkPort p : links) {
            p.close();
        }
        for (final Channel ch : listeners) {
            ch.close().syncUninterruptibly();
        }
    }

    void dial(final StreamLinkPort port) {
        if (port.isClosed()) {
            return;
        }
        final Bootstrap b = new Bootstrap()
            .group(loop)
            .channel(EpollSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3000)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
            .handler(initializer(port.spec().transport(), port));
        b.connect(port.spec().peer()).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                LOG.debug("link {}: connect to {} failed: {}", port.name(), port.spec().peer(), f.cause().toString());
                loop.schedule(() -> dial(port), RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }

    private ChannelInitializer<SocketChannel> initializer(final Transport transport, final StreamLinkPort dialled) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(final SocketChannel ch) {
                final InetAddress from = dialled == null ? ch.remoteAddress().getAddress() : null;
                if (from != null && !pending.tryAdd(from)) {
                    telemetry.increment(SystemCounter.PRE_HELLO_OVERFLOWS);
                    warnRefused(ch.remoteAddress(), transport.label() + " connection from " + ch.remoteAddress()
                        + " closed at once: too many wait for a hello (at most " + MAX_PENDING_PER_SOURCE
                        + " per source, " + MAX_PENDING + " in all)");
                    ch.close();
                    return;
                }
                if (transport == Transport.TLS) {
                    if (tls == null) {
                        ch.close();
                        return;
                    }
                    ch.pipeline().addLast("tls", dialled == null
                        ? tls.server().newHandler(ch.alloc())
                        : tls.client().newHandler(ch.alloc(), dialled.spec().peer().getHostString(),
                            dialled.spec().peer().getPort()));
                }
                ch.pipeline().addLast("framing", new Framer());
                ch.pipeline().addLast("link", new StreamConnection(StreamLinks.this, transport, dialled, from));
            }
        };
    }

    /** The accepting link of {@code transport} named {@code hello} whose peer IP is {@code remote}, or null. */
    StreamLinkPort match(final Transport transport, final InetAddress remote, final String hello) {
        for (final StreamLinkPort p : links) {
            final LinkSpec s = p.spec();
            if (s.accept() && s.transport() == transport && s.name().equals(hello)
                && s.peer().getAddress().equals(remote)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Splits the stream at the header's length field, but first checks the magic and version of
     * each message so that a stream of garbage is closed at once instead of waiting for a length.
     */
    final class Framer extends LengthFieldBasedFrameDecoder {
        Framer() {
            super(FrameHeader.LENGTH + FrameHeader.MAX_PAYLOAD, FrameHeader.LENGTH_OFFSET, 2, 0, 0);
        }

        @Override
        protected Object decode(final ChannelHandlerContext ctx, final ByteBuf in) throws Exception {
            if (in.readableBytes() >= FrameHeader.VERSION_OFFSET + 1) {
                final int at = in.readerIndex();
                final int code = in.getUnsignedShort(at + FrameHeader.MAGIC_OFFSET) != FrameHeader.MAGIC
                    ? FrameHeader.ERR_MAGIC
                    : in.getUnsignedByte(at + FrameHeader.VERSION_OFFSET) != FrameHeader.VERSION ? FrameHeader.ERR_VERSION
                    : FrameHeader.OK;
                if (code != FrameHeader.OK) {
                    input.countBad(code);
                    warnRefused(ctx.channel().remoteAddress(), "stream from " + ctx.channel().remoteAddress()
                        + ": not a vnet " + FrameHeader.VERSION + " message (code " + code + "), closing");
                    in.skipBytes(in.readableBytes());
                    ctx.close();
                    return null;
                }
            }
            return super.decode(ctx, in);
        }
    }
}
