package org.vnet.daemon.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.protocol.ErrorCode;

/**
 * The control socket: a Unix-domain stream socket (file mode 0600, in a 0700 directory) that
 * speaks one JSON object per line each way (see docs/control-protocol.md) and turns each request
 * into a call on {@link DaemonControl}.
 * <p>
 * One Netty event loop thread, named {@value #THREAD_NAME}, serves every client over epoll. Each
 * client's pipeline bounds what it may cost: {@link IdleStateHandler} and {@link ClientGuard}
 * (time limits), {@link LineFramer} (line length), the write-buffer water marks (output not
 * taken), {@link ControlHandler} (order, fairness, the command). Malformed, over-long, slow,
 * silent or too many clients are answered with an error, counted, and closed, without holding up
 * the daemon or the other clients.
 * <p>
 * Alone ({@link #start(Path, DaemonControl, Limits)}) the thread also serves the connections and
 * runs every command, one at a time; a slow {@link DaemonControl#apply} delays the other control
 * clients, never the data plane. Given the data plane's event loop group
 * ({@link #start(Path, DaemonControl, Limits, EventLoopGroup)}), the connections are served there:
 * a rule or link change that can be applied without waiting ({@link DaemonControl#tryApply}) is
 * decoded, applied and answered in one task on the data-plane loop, with no thread hand-off;
 * every other command, and a change that would wait, runs on this thread.
 */
public final class ControlServer implements AutoCloseable {
    /** The server thread's name. */
    public static final String THREAD_NAME = "control-server";

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    /**
     * Bounds on what one client may cost.
     *
     * @param maxLineBytes          longest request line, without its newline
     * @param maxConnections        clients served at once; more are answered "busy" and closed
     * @param maxPendingOutputBytes responses queued for a client before its requests are no longer read
     * @param stallTimeout          how long a started request line or unread output may wait
     * @param idleTimeout           how long a client may send nothing at all
     * @param makeRoomAfter         when {@code maxConnections} are connected, a new client is served by closing
     *                              the client idle longest if it has been idle at least this long
     */
    public record Limits(int maxLineBytes, int maxConnections, int maxPendingOutputBytes, Duration stallTimeout,
                         Duration idleTimeout, Duration makeRoomAfter) {
        /**
         * 64 KiB lines, 64 clients, 1 MiB of output, 10 s to finish a line or take output, 10 min idle,
         * and room made for a 65th client by closing one idle for 10 s.
         */
        public static final Limits DEFAULT = new Limits(64 * 1024, 64, 1024 * 1024, Duration.ofSeconds(10),
            Duration.ofMinutes(10), Duration.ofSeconds(10));

        /** Checks the bounds are usable. */
        public Limits {
            if (maxLineBytes < 64 || maxConnections < 1 || maxPendingOutputBytes < 1
                || stallTimeout.isNegative() || stallTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()
                || makeRoomAfter.isNegative()) {
                throw new IllegalArgumentException("bad control limits " + this);
            }
        }
    }

    private final Path socket;
    private final MultiThreadIoEventLoopGroup group;
    private final Channel server;
    private final ChannelGroup clients;
    private final ControlCounters counters;
    private boolean closed;

    private ControlServer(final Path socket, final MultiThreadIoEventLoopGroup group, final Channel server,
                          final ChannelGroup clients, final ControlCounters counters) {
        this.socket = socket;
        this.group = group;
        this.server = server;
        this.clients = clients;
        this.counters = counters;
    }

    /** {@link #start(Path, DaemonControl, Limits)} with {@link Limits#DEFAULT}. */
    public static ControlServer start(final Path socket, final DaemonControl control) throws IOException {
        return start(socket, control, Limits.DEFAULT);
    }

    /**
     * Binds the socket (creating its directory 0700 if missing, replacing a stale socket file
     * nobody listens on) and starts serving.
     *
     * @throws IOException when the socket cannot be bound safely: the message says why and what to do
     */
    public static ControlServer start(final Path socket, final DaemonControl control, final Limits limits) throws IOException {
        return start(socket, control, limits, null);
    }

    /**
     * As {@link #start(Path, DaemonControl, Limits)}, the connections served by {@code clientGroup}
     * (the data plane's: must be an epoll group; null for this server's own thread).
     *
     * @throws IOException when the socket cannot be bound safely: the message says why and what to do
     */
    public static ControlServer start(final Path socket, final DaemonControl control, final Limits limits,
                                      final EventLoopGroup clientGroup) throws IOException {
        final Path path = socket.toAbsolutePath().normalize();
        SocketFiles.prepare(path);
        final ControlCounters counters = new ControlCounters();
        final CommandHandler commands = new CommandHandler(control, counters);
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            r -> {
                final Thread t = new FastThreadLocalThread(r, THREAD_NAME);
                t.setDaemon(true);
                return t;
            }, EpollIoHandler.newFactory());
        final ChannelGroup clients = new DefaultChannelGroup(group.next());
        final Executor blocking = clientGroup == null ? null : group.next();
        final Channel server;
        try {
            server = new ServerBootstrap()
                .group(group, clientGroup == null ? group : clientGroup)
                .channel(EpollServerDomainSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, limits.maxConnections())
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                    new WriteBufferWaterMark(limits.maxPendingOutputBytes() / 2, limits.maxPendingOutputBytes()))
                .childHandler(initializer(limits, counters, commands, clients, blocking))
                .bind(new DomainSocketAddress(path.toFile()))
                .syncUninterruptibly()
                .channel();
            Files.setPosixFilePermissions(path, SocketFiles.SOCKET_PERMISSIONS);
        } catch (final IOException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            Files.deleteIfExists(path);
            throw e instanceof IOException io ? io : new IOException("cannot bind control socket " + path + ": " + e.getMessage(), e);
        }
        LOG.info("control socket listening on {}", path);
        return new ControlServer(path, group, server, clients, counters);
    }

    private static ChannelInitializer<DomainSocketChannel> initializer(final Limits limits, final ControlCounters counters,
                                                                      final CommandHandler commands, final ChannelGroup clients,
                                                                      final Executor blocking) {
        // one line buffer per serving thread
        final FastThreadLocal<byte[]> scratch = new FastThreadLocal<>() {
            @Override
            protected byte[] initialValue() {
                return new byte[limits.maxLineBytes()];
            }
        };
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(final DomainSocketChannel ch) {
                clients.add(ch);
                if (counters.activeConnections.get() >= limits.maxConnections() && !makeRoom(clients, ch, limits)) {
                    counters.rejectedConnections.incrementAndGet();
                    ch.writeAndFlush(Responses.line(ch.alloc(), Responses.error(ErrorCode.BUSY,
                        "too many control connections (" + limits.maxConnections() + "); try again later")))
                        .addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                counters.acceptedConnections.incrementAndGet();
                counters.activeConnections.incrementAndGet();
                ch.closeFuture().addListener(f -> counters.activeConnections.decrementAndGet());
                pipeline(ch, limits, counters, commands, scratch.get(), blocking);
            }
        };
    }

    /**
     * Closes, with a {@code timeout} error saying why, the client that has been idle longest if it has been
     * idle for {@link Limits#makeRoomAfter}, so that {@code newcomer} can be served; considers only clients
     * served by the newcomer's thread (all of them: the clients' group has one thread).
     *
     * @return whether a client was closed
     */
    private static boolean makeRoom(final ChannelGroup clients, final Channel newcomer, final Limits limits) {
        final long now = newcomer.eventLoop().ticker().nanoTime();
        ClientGuard longest = null;
        long longestIdle = limits.makeRoomAfter().toNanos() - 1;
        for (final Channel c : clients) {
            final ClientGuard guard = c.pipeline().get(ClientGuard.class);
            final ControlHandler handler = c.pipeline().get(ControlHandler.class);
            if (c == newcomer || guard == null || handler == null || !c.eventLoop().inEventLoop()) {
                continue;
            }
            final long idle = now - guard.lastActivityNanos();
            if (idle > longestIdle && guard.isIdle() && !handler.isAnswering()) {
                longest = guard;
                longestIdle = idle;
            }
        }
        if (longest == null) {
            return false;
        }
        longest.closeToMakeRoom("closed to make room for a new client: " + limits.maxConnections()
            + " clients connected and this one idle for " + TimeUnit.NANOSECONDS.toMillis(longestIdle) + " ms");
        return true;
    }

    /** Builds one client's pipeline on {@code ch}: also used by the tests on an embedded channel. */
    static void pipeline(final Channel ch, final Limits limits, final ControlCounters counters, final CommandHandler commands,
                         final byte[] scratch) {
        pipeline(ch, limits, counters, commands, scratch, null);
    }

    /** As the other, requests that may wait run on {@code blocking} (null: on the channel's thread). */
    static void pipeline(final Channel ch, final Limits limits, final ControlCounters counters, final CommandHandler commands,
                         final byte[] scratch, final Executor blocking) {
        final ClientGuard guard = new ClientGuard(limits, counters);
        ch.pipeline().addLast(
            new IdleStateHandler(true, limits.stallTimeout().toNanos(), limits.stallTimeout().toNanos(),
                limits.idleTimeout().toNanos(), TimeUnit.NANOSECONDS),
            guard,
            new LineFramer(limits.maxLineBytes()),
            new ControlHandler(commands, counters, guard, limits.maxLineBytes(), scratch, blocking));
    }

    /** The socket file. */
    public Path socket() {
        return socket;
    }

    /** Connections accepted and served. */
    public long acceptedConnections() {
        return counters.acceptedConnections.get();
    }

    /** Connections refused because {@link Limits#maxConnections} were open. */
    public long rejectedConnections() {
        return counters.rejectedConnections.get();
    }

    /** Connections open now. */
    public long activeConnections() {
        return counters.activeConnections.get();
    }

    /** Request lines received. */
    public long requests() {
        return counters.requests.get();
    }

    /** Requests that were not valid protocol: malformed JSON, not an object, missing or mistyped fields. */
    public long badRequests() {
        return counters.badRequests.get();
    }

    /** Requests naming a command that does not exist. */
    public long unknownCommands() {
        return counters.unknownCommands.get();
    }

    /** Well-formed commands the daemon refused (invalid value, conflict, failure to apply). */
    public long refused() {
        return counters.refused.get();
    }

    /** Request lines longer than {@link Limits#maxLineBytes}. */
    public long oversizeRequests() {
        return counters.oversizeRequests.get();
    }

    /** Clients closed for not reading, not finishing a line, or idling. */
    public long timedOutClients() {
        return counters.timedOutClients.get();
    }

    /** Unexpected failures while serving (logged). */
    public long internalErrors() {
        return counters.internalErrors.get();
    }

    /** Tells {@code observer} of every request answered from now on (null: nobody). */
    public void observe(final RequestObserver observer) {
        counters.observer = observer == null ? RequestObserver.NONE : observer;
    }

    /** Every counter above by stable name ({@code control.requests}...), as merged into {@code stats}. */
    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    /** Stops serving, closes every client and removes the socket file. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        } finally {
            Files.deleteIfExists(socket);
        }
    }
}
