package org.vnet.daemon.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP server: Netty's HTTP/1.1 codec on one thread of its own (never the data
 * plane's), a bounded number of connections, an idle timeout, and the routes given at start.
 * Plain HTTP: bind it to loopback, or set a token and put TLS in front of it.
 */
public final class HttpServer implements AutoCloseable {
    /** Name of the server's thread. */
    public static final String THREAD_NAME = "vnet-http";
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    /**
     * Resource bounds.
     *
     * @param maxConnections  connections served at once; more are answered 503 and closed
     * @param maxRequestBytes largest request (line, headers and body) accepted
     * @param idleTimeout     a connection that sends nothing for this long is closed
     */
    public record Limits(int maxConnections, int maxRequestBytes, Duration idleTimeout) {
        /** 32 connections, 16 KiB requests, 60 s idle. */
        public static final Limits DEFAULT = new Limits(32, 16 * 1024, Duration.ofSeconds(60));

        /** Checks the bounds are positive. */
        public Limits {
            if (maxConnections < 1 || maxRequestBytes < 1024 || idleTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("limits out of range: " + maxConnections + " connections, "
                    + maxRequestBytes + " request bytes, " + idleTimeout);
            }
        }
    }

    private final MultiThreadIoEventLoopGroup group;
    private final Channel server;
    private final ChannelGroup clients;
    private final InetSocketAddress address;
    private boolean closed;

    private HttpServer(final MultiThreadIoEventLoopGroup group, final Channel server, final ChannelGroup clients) {
        this.group = group;
        this.server = server;
        this.clients = clients;
        this.address = (InetSocketAddress) server.localAddress();
    }

    /**
     * Reads the token file (if any) and binds {@code config.listen()}.
     *
     * @param routes path (e.g. {@code /metrics}) to its route
     * @throws IOException when the token file cannot be used or the address cannot be bound (in use,
     *                     not local): the message names the key and the address
     */
    public static HttpServer start(final HttpConfig config, final Map<String, HttpRoute> routes, final Limits limits)
        throws IOException {
        final byte[] token = config.tokenFile() == null ? null : readToken(config.tokenFile());
        final Map<String, HttpRoute> table = Map.copyOf(routes);
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, r -> {
            final Thread t = new FastThreadLocalThread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        }, EpollIoHandler.newFactory());
        final ChannelGroup clients = new DefaultChannelGroup(group.next());
        final AtomicInteger active = new AtomicInteger();
        try {
            final Channel server = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, limits.maxConnections())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(final SocketChannel ch) {
                        clients.add(ch);
                        final boolean admitted = active.incrementAndGet() <= limits.maxConnections();
                        ch.closeFuture().addListener(f -> active.decrementAndGet());
                        ch.pipeline()
                            .addLast(new ReadTimeoutHandler(limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                            .addLast(new HttpServerCodec(4096, limits.maxRequestBytes(), limits.maxRequestBytes()))
                            .addLast(new HttpObjectAggregator(limits.maxRequestBytes()))
                            .addLast(new HttpHandler(table, token, admitted));
                    }
                })
                .bind(config.listen())
                .syncUninterruptibly()
                .channel();
            final HttpServer s = new HttpServer(group, server, clients);
            LOG.info("HTTP server listening on {} ({}), routes {}", s.address, token == null ? "no token" : "Bearer token",
                table.keySet());
            return s;
        } catch (final Exception e) { // Netty rethrows the bind's IOException unchecked
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IOException("http.listen " + config.listenText() + ": cannot bind: " + e.getMessage() + " (is another daemon or program on that port?)", e);
        }
    }

    /** The token in {@code file} (its first line); refuses a file its group or others may read or write, or an empty one. */
    static byte[] readToken(final Path file) throws IOException {
        final Set<PosixFilePermission> p;
        try {
            p = Files.getPosixFilePermissions(file);
        } catch (final IOException e) {
            throw new IOException("http.tokenFile " + file + ": cannot read it: " + e, e);
        }
        for (final PosixFilePermission bad : new PosixFilePermission[] {PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE}) {
            if (p.contains(bad)) {
                throw new IOException("http.tokenFile " + file + " is readable or writable by group or others (chmod 600 it)");
            }
        }
        final String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        final int newline = text.indexOf('\n');
        final String token = (newline < 0 ? text : text.substring(0, newline)).strip();
        if (token.length() < 16) {
            throw new IOException("http.tokenFile " + file + ": the token must be at least 16 characters (e.g. openssl rand -hex 32)");
        }
        return token.getBytes(StandardCharsets.UTF_8);
    }

    /** The bound address (the real port when 0 was asked). */
    public InetSocketAddress address() {
        return address;
    }

    /** Stops listening and closes every connection. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
