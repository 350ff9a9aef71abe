package org.vnet.tools.ctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A client of vnetd's control socket: sends one JSON object per line and reads one back. Every
 * wait is bounded by a timeout, so a stuck daemon gives an error instead of a hung caller. Not
 * thread-safe; requests may be pipelined by sending several before reading ({@link #send},
 * {@link #receive}).
 */
public final class ControlClient implements AutoCloseable {
    /** How long {@link #connect(Path)} waits for each answer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Longest response accepted, against a broken or hostile peer. */
    public static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path socket;
    private final SocketChannel channel;
    private final Selector selector;
    private final long timeoutNanos;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private ControlClient(final Path socket, final SocketChannel channel, final Selector selector, final Duration timeout) {
        this.socket = socket;
        this.channel = channel;
        this.selector = selector;
        this.timeoutNanos = timeout.toNanos();
        this.readBuffer.flip();
    }

    /** Connects with {@link #DEFAULT_TIMEOUT}. */
    public static ControlClient connect(final Path socket) throws IOException {
        return connect(socket, DEFAULT_TIMEOUT);
    }

    /**
     * Connects to the daemon listening on {@code socket}.
     *
     * @throws IOException when nothing listens there or access is denied
     */
    public static ControlClient connect(final Path socket, final Duration timeout) throws IOException {
        final SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.configureBlocking(false);
            final Selector selector = Selector.open();
            ch.register(selector, 0);
            return new ControlClient(socket, ch, selector, timeout);
        } catch (final IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The socket this client is connected to. */
    public Path socket() {
        return socket;
    }

    /** Sends {@code request} and returns the daemon's answer (an object with {@code ok}). */
    public JsonNode request(final JsonNode request) throws IOException {
        send(request);
        return receive();
    }

    /** Sends one request line without waiting for the answer. */
    public void send(final JsonNode request) throws IOException {
        final byte[] json = MAPPER.writeValueAsBytes(request);
        final ByteBuffer buf = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        final long deadline = System.nanoTime() + timeoutNanos;
        while (buf.hasRemaining()) {
            if (channel.write(buf) == 0) {
                await(SelectionKey.OP_WRITE, deadline);
            }
        }
    }

    /** Reads the next answer line. */
    public JsonNode receive() throws IOException {
        final long deadline = System.nanoTime() + timeoutNanos;
        line.reset();
        while (true) {
            while (readBuffer.hasRemaining()) {
                final byte b = readBuffer.get();
                if (b == '\n') {
                    return MAPPER.readTree(line.toByteArray());
                }
                line.write(b);
            }
            if (line.size() > MAX_RESPONSE_BYTES) {
                throw new IOException("answer from " + socket + " longer than " + MAX_RESPONSE_BYTES + " bytes");
            }
            readBuffer.clear();
            final int n = channel.read(readBuffer);
            readBuffer.flip();
            if (n < 0) {
                throw new IOException("vnetd closed the connection without answering");
            }
            if (n == 0) {
                await(SelectionKey.OP_READ, deadline);
            }
        }
    }

    private void await(final int op, final long deadline) throws IOException {
        final long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("no answer from vnetd within " + Duration.ofNanos(timeoutNanos).toSeconds() + " s");
        }
        final SelectionKey key = channel.keyFor(selector);
        key.interestOps(op);
        selector.select(Math.max(1, left / 1_000_000));
        selector.selectedKeys().clear();
        key.interestOps(0);
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
