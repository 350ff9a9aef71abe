package org.vnet.daemon.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket: a Unix-domain stream socket (file mode 0600, in a 0700 directory) that
 * speaks one JSON object per line each way (see docs/control-protocol.md) and turns each request
 * into a call on {@link DaemonControl}.
 * <p>
 * One thread, named {@value #THREAD_NAME}, serves every client with non-blocking I/O. Each
 * client gets a bounded line buffer, a bounded output queue and time limits, so malformed,
 * over-long, slow, silent or too many clients are answered with an error, counted, and closed,
 * without holding up the daemon or the other clients. Commands run one at a time on this
 * thread; a slow {@link DaemonControl#apply} delays the other control clients, never the data plane.
 */
public final class ControlServer implements AutoCloseable {
    /** The server thread's name. */
    public static final String THREAD_NAME = "control-server";

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final long SWEEP_INTERVAL_MILLIS = 100;
    private static final int ACCEPTS_PER_TURN = 64;

    /**
     * Bounds on what one client may cost.
     *
     * @param maxLineBytes          longest request line, without its newline
     * @param maxConnections        clients served at once; more are answered "busy" and closed
     * @param maxPendingOutputBytes responses queued for a client before its requests are no longer read
     * @param stallTimeout          how long a started request line or unread output may wait
     * @param idleTimeout           how long a client may send nothing at all
     */
    public record Limits(int maxLineBytes, int maxConnections, int maxPendingOutputBytes, Duration stallTimeout,
                         Duration idleTimeout) {
        /** 64 KiB lines, 64 clients, 1 MiB of output, 10 s to finish a line or take output, 10 min idle. */
        public static final Limits DEFAULT = new Limits(64 * 1024, 64, 1024 * 1024, Duration.ofSeconds(10), Duration.ofMinutes(10));

        /** Checks the bounds are usable. */
        public Limits {
            if (maxLineBytes < 64 || maxConnections < 1 || maxPendingOutputBytes < 1
                || stallTimeout.isNegative() || stallTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("bad control limits " + this);
            }
        }
    }

    private final Path socket;
    private final Limits limits;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final CommandHandler handler;
    private final ControlCounters counters = new ControlCounters();
    private final Set<ControlConnection> connections = new HashSet<>();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean closed;

    private ControlServer(final Path socket, final Limits limits, final ServerSocketChannel server, final Selector selector,
                          final DaemonControl control) {
        this.socket = socket;
        this.limits = limits;
        this.server = server;
        this.selector = selector;
        this.handler = new CommandHandler(control, counters);
        this.thread = new Thread(this::run, THREAD_NAME);
        this.thread.setDaemon(true);
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
        final Path path = socket.toAbsolutePath().normalize();
        SocketFiles.prepare(path);
        final ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        final Selector selector;
        try {
            server.bind(UnixDomainSocketAddress.of(path), limits.maxConnections());
            Files.setPosixFilePermissions(path, SocketFiles.SOCKET_PERMISSIONS);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (final IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(path);
            throw e;
        }
        final ControlServer s = new ControlServer(path, limits, server, selector, control);
        s.thread.start();
        LOG.info("control socket listening on {}", path);
        return s;
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

    /** Every counter above by stable name ({@code control.requests}...), as merged into {@code stats}. */
    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    private void run() {
        long lastSweep = System.nanoTime();
        try {
            while (running) {
                try {
                    lastSweep = turn(lastSweep);
                } catch (final IOException | RuntimeException e) {
                    counters.internalErrors.incrementAndGet();
                    LOG.warn("control server loop", e);
                    pause();
                }
            }
        } finally {
            for (final ControlConnection c : connections) {
                c.close();
            }
            connections.clear();
            try {
                selector.close();
            } catch (final IOException e) {
                LOG.debug("closing control selector", e);
            }
        }
    }

    private long turn(final long lastSweep) throws IOException {
        final boolean backlog = hasBacklog();
        if (backlog) {
            selector.selectNow();
        } else {
            selector.select(SWEEP_INTERVAL_MILLIS);
        }
        final long now = System.nanoTime();
        final Set<SelectionKey> ready = selector.selectedKeys();
        for (final SelectionKey key : ready) {
            if (!key.isValid()) {
                continue;
            }
            if (key.attachment() == null) {
                if (key.isAcceptable()) {
                    accept(now);
                }
                continue;
            }
            final ControlConnection c = (ControlConnection) key.attachment();
            try {
                if (key.isWritable()) {
                    c.onWritable(now);
                }
                if (!c.isClosed() && key.isValid() && key.isReadable()) {
                    c.onReadable(now);
                }
            } catch (final IOException e) {
                c.close();
            }
            if (c.isClosed()) {
                connections.remove(c);
            }
        }
        ready.clear();
        if (backlog) {
            for (final ControlConnection c : new ArrayList<>(connections)) {
                if (c.hasBacklog()) {
                    try {
                        c.process(now);
                    } catch (final IOException e) {
                        c.close();
                    }
                    if (c.isClosed()) {
                        connections.remove(c);
                    }
                }
            }
        }
        if (now - lastSweep < SWEEP_INTERVAL_MILLIS * 1_000_000L) {
            return lastSweep;
        }
        final List<ControlConnection> expired = new ArrayList<>();
        for (final ControlConnection c : connections) {
            if (c.expire(now)) {
                expired.add(c);
            }
        }
        expired.forEach(connections::remove);
        return now;
    }

    private boolean hasBacklog() {
        for (final ControlConnection c : connections) {
            if (c.hasBacklog()) {
                return true;
            }
        }
        return false;
    }

    private void accept(final long now) throws IOException {
        for (int i = 0; i < ACCEPTS_PER_TURN; i++) {
            final SocketChannel ch = server.accept();
            if (ch == null) {
                return;
            }
            ch.configureBlocking(false);
            if (connections.size() >= limits.maxConnections()) {
                counters.rejectedConnections.incrementAndGet();
                try (ch) {
                    final byte[] json = CommandHandler.MAPPER.writeValueAsBytes(CommandHandler.error(null, "busy",
                        "too many control connections (" + limits.maxConnections() + "); try again later"));
                    ch.write(ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip());
                } catch (final IOException e) {
                    LOG.debug("refusing control connection", e);
                }
                continue;
            }
            final SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            final ControlConnection c = new ControlConnection(ch, key, limits, handler, counters, now);
            key.attach(c);
            connections.add(c);
            counters.acceptedConnections.incrementAndGet();
            counters.activeConnections.incrementAndGet();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(SWEEP_INTERVAL_MILLIS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops serving, closes every client and removes the socket file. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            server.close();
        } finally {
            Files.deleteIfExists(socket);
        }
    }
}
