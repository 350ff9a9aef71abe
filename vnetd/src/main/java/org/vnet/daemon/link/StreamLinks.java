package org.vnet.daemon.link;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.telemetry.LogLimiter;
import org.vnet.daemon.telemetry.LogText;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.FrameHeader;

/**
 * TCP and TLS links: listeners for links that wait to be dialled, dialers (with reconnection) for
 * the others. Each connection's pipeline is [TLS] → length framing → {@link Connection}. Both ends
 * send a HELLO with their daemon name first; an accepted connection is bound to the accepting link
 * whose name is the HELLO's name and whose peer IP is the connection's source address (so an
 * accepting link is named after the daemon that dials it). Anything else is refused and counted. Everything runs on the data-plane loop.
 */
public final class StreamLinks {
    private static final Logger LOG = LoggerFactory.getLogger(StreamLinks.class);
    private static final long RETRY_MILLIS = 1000;
    private static final long HELLO_TIMEOUT_MILLIS = 10_000;
    /** Least time between two refusal WARNs about one source address. */
    static final long REFUSAL_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int REFUSAL_LOG_SOURCES = 1024;

    private final EventLoop loop;
    private final Switch sw;
    private final Telemetry telemetry;
    private final String myName;
    private final TlsContexts tls;
    private final LinkInput input;
    private final List<StreamLinkPort> links = new ArrayList<>();
    private final List<Channel> listeners = new ArrayList<>();
    private final LogLimiter refusalLog = new LogLimiter(REFUSAL_LOG_INTERVAL_NANOS, REFUSAL_LOG_SOURCES, System::nanoTime);

    StreamLinks(final EventLoop loop, final Switch sw, final Telemetry telemetry, final String myName,
                final TlsContexts tls, final LinkInput input) {
        this.loop = loop;
        this.input = input;
        this.sw = sw;
        this.telemetry = telemetry;
        this.myName = myName;
        this.tls = tls;
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
    private void warnRefused(final java.net.SocketAddress remote, final String message) {
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
        for (final StreamLinkPort p : links) {
            p.close();
        }
        for (final Channel ch : listeners) {
            ch.close().syncUninterruptibly();
        }
    }

    private void dial(final StreamLinkPort port) {
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
                ch.pipeline().addLast("link", new Connection(transport, dialled));
            }
        };
    }

    private StreamLinkPort match(final Transport transport, final InetAddress remote, final String hello) {
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

    /** One connection's link handler: HELLO exchange, then frames into the switch. */
    final class Connection extends ChannelInboundHandlerAdapter {
        private final Transport transport;
        private StreamLinkPort port;
        private final boolean dialled;

        Connection(final Transport transport, final StreamLinkPort dialled) {
            this.transport = transport;
            this.port = dialled;
            this.dialled = dialled != null;
        }

        @Override
        public void channelActive(final ChannelHandlerContext ctx) {
            final byte[] name = myName.getBytes(StandardCharsets.UTF_8);
            final ByteBuf hello = ctx.alloc().buffer(FrameHeader.LENGTH + name.length);
            FrameHeader.write(hello, FrameHeader.TYPE_HELLO, name.length);
            hello.writeBytes(name);
            ctx.writeAndFlush(hello);
            if (dialled) {
                port.attach(ctx.channel(), "");
                LOG.info("link {}: connected to {} over {}", port.name(), port.spec().peer(), transport.label());
            } else {
                ctx.executor().schedule(() -> {
                    if (port == null && ctx.channel().isActive()) {
                        telemetry.increment(SystemCounter.REFUSED_CONNECTIONS);
                        warnRefused(ctx.channel().remoteAddress(), transport.label() + " connection from "
                            + ctx.channel().remoteAddress() + " sent no hello: closed");
                        ctx.close();
                    }
                }, HELLO_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
            final ByteBuf buf = (ByteBuf) msg;
            try {
                final int length = buf.readableBytes();
                final int check = FrameHeader.check(buf, length);
                if (check != FrameHeader.OK) {
                    input.countBad(check);
                    warnRefused(ctx.channel().remoteAddress(), transport.label() + " link "
                        + (port == null ? "?" : port.name()) + " from " + ctx.channel().remoteAddress()
                        + ": bad message (code " + check + "), closing the stream");
                    ctx.close();
                    return;
                }
                final int type = FrameHeader.type(buf);
                if (type == FrameHeader.TYPE_HELLO) {
                    onHello(ctx, buf.toString(buf.readerIndex() + FrameHeader.LENGTH, length - FrameHeader.LENGTH,
                        StandardCharsets.UTF_8));
                } else if (LinkInput.isControl(type) && port != null) {
                    input.control(port, type, buf, length);
                } else if (type == FrameHeader.TYPE_DATA) {
                    if (port == null) {
                        telemetry.increment(SystemCounter.REFUSED_CONNECTIONS);
                        ctx.close();
                        return;
                    }
                    input.deliver(port, buf, length);
                }
            } finally {
                buf.release();
            }
        }

        private void onHello(final ChannelHandlerContext ctx, final String name) {
            if (dialled) {
                return;
            }
            if (port != null) {
                return;
            }
            final InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
            final StreamLinkPort p = match(transport, remote.getAddress(), name);
            if (p == null) {
                telemetry.increment(SystemCounter.REFUSED_CONNECTIONS);
                warnRefused(remote, transport.label() + " connection from " + remote + " (hello '" + LogText.escape(name)
                    + "') matches no accepting link: closed");
                ctx.close();
                return;
            }
            port = p;
            p.attach(ctx.channel(), name);
            LOG.info("link {}: accepted {} from {} ({})", p.name(), transport.label(), remote, LogText.escape(name));
        }

        @Override
        public void channelReadComplete(final ChannelHandlerContext ctx) {
            sw.flush();
            ctx.fireChannelReadComplete();
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
                telemetry.increment(SystemCounter.TLS_HANDSHAKE_FAILURES);
                warnRefused(ctx.channel().remoteAddress(), "tls handshake with " + ctx.channel().remoteAddress()
                    + " failed: " + LogText.escape(e.cause().toString()));
                ctx.close();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx) {
            if (port != null) {
                port.detach(ctx.channel());
                if (dialled && !port.isClosed()) {
                    LOG.info("link {}: connection lost, redialling", port.name());
                    final StreamLinkPort p = port;
                    ctx.executor().schedule(() -> dial(p), RETRY_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            if (!(cause instanceof javax.net.ssl.SSLException) && !(cause.getCause() instanceof javax.net.ssl.SSLException)) {
                telemetry.increment(SystemCounter.ERRORS);
            }
            warnRefused(ctx.channel().remoteAddress(), transport.label() + " link " + (port == null ? "?" : port.name())
                + " (" + ctx.channel().remoteAddress() + "): " + LogText.escape(cause.toString()));
            ctx.close();
        }
    }
}
