package org.vnet.daemon.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One client of the control socket, driven by the server's thread: a bounded input buffer that
 * holds at most one request line, and a queue of responses. It stops reading while too much
 * output waits, so a client that never reads costs a bounded amount of memory and time.
 */
final class ControlConnection {
    /** Requests answered per connection per turn, so one busy client cannot starve the others. */
    static final int REQUESTS_PER_TURN = 64;
    /** Input discarded after the last response before the connection is closed regardless. */
    static final long MAX_DRAIN_BYTES = 1024 * 1024;

    private final SocketChannel channel;
    private final SelectionKey key;
    private final ControlServer.Limits limits;
    private final CommandHandler handler;
    private final ControlCounters counters;
    private final byte[] in;
    private final ByteBuffer inView;
    private int inLength;
    private int scanFrom;
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private long outPending;
    private boolean inputClosed;
    private boolean closing;
    private boolean closed;
    private boolean draining;
    private long drainedBytes;
    private long drainSinceNanos;
    private long lastActivityNanos;
    private long partialSinceNanos;
    private long writeWaitSinceNanos;

    ControlConnection(final SocketChannel channel, final SelectionKey key, final ControlServer.Limits limits,
                      final CommandHandler handler, final ControlCounters counters, final long nowNanos) {
        this.channel = channel;
        this.key = key;
        this.limits = limits;
        this.handler = handler;
        this.counters = counters;
        this.in = new byte[limits.maxLineBytes() + 1];
        this.inView = ByteBuffer.wrap(in);
        this.lastActivityNanos = nowNanos;
    }

    boolean isClosed() {
        return closed;
    }

    /** Reads what is available and answers complete lines. */
    void onReadable(final long nowNanos) throws IOException {
        if (draining) {
            drain();
            return;
        }
        if (inputClosed || closing || inLength == in.length) {
            return;
        }
        inView.limit(in.length).position(inLength);
        final int n = channel.read(inView);
        if (n < 0) {
            inputClosed = true;
        } else if (n > 0) {
            if (inLength == 0) {
                partialSinceNanos = nowNanos;
            }
            inLength += n;
            lastActivityNanos = nowNanos;
        }
        process(nowNanos);
    }

    /** Writes queued responses, then answers buffered lines the full queue held back. */
    void onWritable(final long nowNanos) throws IOException {
        flush(nowNanos);
        process(nowNanos);
    }

    /** True when complete request lines wait and the connection may answer them now. */
    boolean hasBacklog() {
        return !closed && !closing && outPending < limits.maxPendingOutputBytes() && indexOfNewline(scanFrom) >= 0;
    }

    /**
     * Answers up to {@link #REQUESTS_PER_TURN} complete lines, handles an over-long line and the
     * end of input, and sets the interest ops for what the connection waits for next.
     */
    void process(final long nowNanos) throws IOException {
        int start = 0;
        int answered = 0;
        boolean noMoreLines = false;
        while (!closing && outPending < limits.maxPendingOutputBytes() && answered < REQUESTS_PER_TURN) {
            final int nl = indexOfNewline(scanFrom);
            if (nl < 0) {
                scanFrom = inLength;
                noMoreLines = true;
                break;
            }
            answerLine(start, nl, nowNanos);
            start = nl + 1;
            scanFrom = start;
            answered++;
        }
        if (start > 0) {
            System.arraycopy(in, start, in, 0, inLength - start);
            inLength -= start;
            scanFrom -= start;
            partialSinceNanos = nowNanos;
        }
        if (noMoreLines && !closing) {
            if (inLength == in.length) {
                counters.oversizeRequests.incrementAndGet();
                inLength = 0;
                scanFrom = 0;
                send(CommandHandler.error(null, "too-long", "request line longer than " + limits.maxLineBytes()
                    + " bytes; closing the connection"), nowNanos);
                closing = true;
            } else if (inputClosed) {
                if (inLength > 0) {
                    answerLine(0, inLength, nowNanos);
                    inLength = 0;
                    scanFrom = 0;
                }
                closing = true;
            }
        }
        if (closing && outPending == 0) {
            finish(nowNanos);
            return;
        }
        updateInterest();
    }

    /**
     * Ends a connection whose last response is written: closes it at once if the client has
     * finished sending, else shuts down output and discards the client's remaining input for a
     * bounded time, so the client reads the response and a clean end of stream, not a reset.
     */
    private void finish(final long nowNanos) throws IOException {
        if (closed || draining) {
            return;
        }
        if (inputClosed) {
            close();
            return;
        }
        channel.shutdownOutput();
        draining = true;
        drainSinceNanos = nowNanos;
        key.interestOps(SelectionKey.OP_READ);
        drain();
    }

    private void drain() throws IOException {
        while (!closed) {
            inView.clear();
            final int n = channel.read(inView);
            if (n < 0 || drainedBytes > MAX_DRAIN_BYTES) {
                close();
            } else if (n == 0) {
                return;
            } else {
                drainedBytes += n;
            }
        }
    }

    private void answerLine(final int start, final int newline, final long nowNanos) throws IOException {
        int end = newline;
        if (end > start && in[end - 1] == '\r') {
            end--;
        }
        if (isBlank(start, end)) {
            return;
        }
        send(handler.handle(in, start, end - start), nowNanos);
    }

    private boolean isBlank(final int start, final int end) {
        for (int i = start; i < end; i++) {
            if (in[i] != ' ' && in[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private int indexOfNewline(final int from) {
        for (int i = from; i < inLength; i++) {
            if (in[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Queues one response line and writes what the socket takes now. */
    void send(final ObjectNode response, final long nowNanos) throws IOException {
        final byte[] json;
        try {
            json = CommandHandler.MAPPER.writeValueAsBytes(response);
        } catch (final JsonProcessingException e) {
            throw new IOException("cannot encode response", e);
        }
        final ByteBuffer buf = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        if (out.isEmpty()) {
            writeWaitSinceNanos = nowNanos;
        }
        out.add(buf);
        outPending += buf.remaining();
        flush(nowNanos);
    }

    private void flush(final long nowNanos) throws IOException {
        while (!out.isEmpty()) {
            final ByteBuffer head = out.peek();
            final int n = channel.write(head);
            if (n > 0) {
                outPending -= n;
                writeWaitSinceNanos = nowNanos;
                lastActivityNanos = nowNanos;
            }
            if (head.hasRemaining()) {
                break;
            }
            out.poll();
        }
        if (closing && outPending == 0) {
            finish(nowNanos);
        }
    }

    private void updateInterest() {
        if (closed || !key.isValid()) {
            return;
        }
        int ops = 0;
        if (!inputClosed && !closing && outPending < limits.maxPendingOutputBytes() && inLength < in.length) {
            ops |= SelectionKey.OP_READ;
        }
        if (outPending > 0) {
            ops |= SelectionKey.OP_WRITE;
        }
        key.interestOps(ops);
    }

    /**
     * Closes the connection if it broke a time limit: output not taken by the client, a request
     * line left unfinished, or nothing at all for the idle limit.
     *
     * @return true if it was closed
     */
    boolean expire(final long nowNanos) {
        if (draining) {
            if (nowNanos - drainSinceNanos > limits.stallTimeout().toNanos()) {
                close();
                return true;
            }
            return false;
        }
        final String why;
        if (outPending > 0 && nowNanos - writeWaitSinceNanos > limits.stallTimeout().toNanos()) {
            why = null;
        } else if (inLength > 0 && nowNanos - partialSinceNanos > limits.stallTimeout().toNanos()) {
            why = "request line not finished within " + limits.stallTimeout().toMillis() + " ms; closing the connection";
        } else if (outPending == 0 && inLength == 0 && nowNanos - lastActivityNanos > limits.idleTimeout().toNanos()) {
            why = "idle for " + limits.idleTimeout().toMillis() + " ms; closing the connection";
        } else {
            return false;
        }
        counters.timedOutClients.incrementAndGet();
        if (why != null) {
            try {
                final byte[] json = CommandHandler.MAPPER.writeValueAsBytes(CommandHandler.error(null, "timeout", why));
                channel.write(ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip());
            } catch (final IOException e) {
                // the client is going away anyway; the counter records it
            }
        }
        close();
        return true;
    }

    /** Closes the channel; idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        counters.activeConnections.decrementAndGet();
        key.cancel();
        try {
            channel.close();
        } catch (final IOException e) {
            // nothing left to release
        }
    }
}
