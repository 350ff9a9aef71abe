package org.vnet.daemon.control;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.TooLongFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.protocol.ErrorCode;
import org.vnet.protocol.Request;

/**
 * Answers one client's request lines in order: each line through the {@link CommandHandler}, each
 * response written at once and flushed when the read that brought the lines is done, so a
 * pipelining client gets one flush per batch and a sequential client one per request. While the
 * client does not take its responses (the channel is over its write-buffer high water mark) lines
 * wait here and the socket is not read; at most {@link #REQUESTS_PER_TURN} lines are answered
 * before the other clients get their turn.
 * <p>
 * With a {@code blocking} executor (the connection is served by the data-plane loop, which must
 * never wait) a request that cannot be answered at once ({@link CommandHandler#tryRun}) runs there
 * instead, its answer is written back on this channel's thread, and the lines after it wait until
 * then, so responses keep the order of the requests.
 */
final class ControlHandler extends ChannelInboundHandlerAdapter {
    /** Requests answered per connection per turn, so one busy client cannot starve the others. */
    static final int REQUESTS_PER_TURN = 64;

    private static final Logger LOG = LoggerFactory.getLogger(ControlHandler.class);

    private final CommandHandler commands;
    private final ControlCounters counters;
    private final ClientGuard guard;
    private final int maxLineBytes;
    private final byte[] scratch;
    private final Executor blocking;
    private final ArrayDeque<ByteBuf> waiting = new ArrayDeque<>();
    private boolean closing;
    private boolean inputClosed;
    private boolean drainScheduled;
    /** A request is running on {@link #blocking}: later lines wait for its answer. */
    private boolean busy;
    private int answeredThisTurn;

    /**
     * @param scratch a buffer of at least {@code maxLineBytes} for lines not in a heap array, shared by
     *                the handlers of one thread
     * @param blocking where requests that may wait run, or null to run every request on this channel's thread
     */
    ControlHandler(final CommandHandler commands, final ControlCounters counters, final ClientGuard guard,
                   final int maxLineBytes, final byte[] scratch, final Executor blocking) {
        this.commands = commands;
        this.counters = counters;
        this.guard = guard;
        this.maxLineBytes = maxLineBytes;
        this.scratch = scratch;
        this.blocking = blocking;
    }

    /** Whether a request of this client is being answered or waits to be: the client is not idle. */
    boolean isAnswering() {
        return busy || !waiting.isEmpty();
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
        final ByteBuf line = (ByteBuf) msg;
        if (closing) {
            line.release();
            return;
        }
        if (busy || !waiting.isEmpty() || !ctx.channel().isWritable() || answeredThisTurn >= REQUESTS_PER_TURN) {
            waiting.add(line);
            ctx.channel().config().setAutoRead(false);
            scheduleDrain(ctx);
            return;
        }
        answer(ctx, line);
    }

    @Override
    public void channelReadComplete(final ChannelHandlerContext ctx) {
        answeredThisTurn = 0;
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            scheduleDrain(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputClosed = true;
            if (waiting.isEmpty() && !closing && !busy) {
                closing = true;
                guard.finish();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            counters.oversizeRequests.incrementAndGet();
            closeAfter(ctx, Responses.error(ErrorCode.TOO_LONG, "request line longer than " + maxLineBytes
                + " bytes; closing the connection"));
            return;
        }
        counters.internalErrors.incrementAndGet();
        LOG.debug("control connection {} failed", ctx.channel(), cause);
        ctx.close();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) {
        ByteBuf b;
        while ((b = waiting.poll()) != null) {
            b.release();
        }
        ctx.fireChannelInactive();
    }

    private void closeAfter(final ChannelHandlerContext ctx, final Object response) {
        if (closing) {
            return;
        }
        closing = true;
        ctx.write(Responses.line(ctx.alloc(), response));
        guard.finish();
    }

    private void scheduleDrain(final ChannelHandlerContext ctx) {
        if (!drainScheduled && !busy && !waiting.isEmpty()) {
            drainScheduled = true;
            ctx.executor().execute(() -> drain(ctx));
        }
    }

    /** Answers waiting lines while the client takes its output, a turn's worth at a time. */
    private void drain(final ChannelHandlerContext ctx) {
        drainScheduled = false;
        int answered = 0;
        while (!closing && !busy && ctx.channel().isWritable() && answered < REQUESTS_PER_TURN) {
            final ByteBuf line = waiting.poll();
            if (line == null) {
                break;
            }
            answer(ctx, line);
            answered++;
        }
        ctx.flush();
        answeredThisTurn = 0;
        if (busy) {
            return;
        }
        if (waiting.isEmpty()) {
            if (inputClosed && !closing) {
                closing = true;
                guard.finish();
            } else if (!closing && !inputClosed) {
                ctx.channel().config().setAutoRead(true);
            }
        } else if (ctx.channel().isWritable()) {
            scheduleDrain(ctx);
        }
    }

    private void answer(final ChannelHandlerContext ctx, final ByteBuf line) {
        try {
            final int length = line.readableBytes();
            if (isBlank(line)) {
                return;
            }
            final Object decoded;
            if (line.hasArray()) {
                decoded = commands.decode(line.array(), line.arrayOffset() + line.readerIndex(), length);
            } else {
                line.getBytes(line.readerIndex(), scratch, 0, length);
                decoded = commands.decode(scratch, 0, length);
            }
            Object response = decoded;
            if (decoded instanceof Request request) {
                response = blocking == null ? commands.run(request) : commands.tryRun(request);
                if (response == null) {
                    runElsewhere(ctx, request);
                    return;
                }
            }
            answeredThisTurn++;
            ctx.write(Responses.line(ctx.alloc(), response), ctx.voidPromise());
        } finally {
            line.release();
        }
    }

    /** Runs {@code request} on {@link #blocking}; its answer is written on this channel's thread, then the waiting lines go on. */
    private void runElsewhere(final ChannelHandlerContext ctx, final Request request) {
        busy = true;
        ctx.channel().config().setAutoRead(false);
        ctx.flush();
        blocking.execute(() -> {
            final Object response = commands.run(request);
            ctx.executor().execute(() -> answered(ctx, response));
        });
    }

    private void answered(final ChannelHandlerContext ctx, final Object response) {
        busy = false;
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!closing) {
            ctx.write(Responses.line(ctx.alloc(), response), ctx.voidPromise());
        }
        ctx.flush();
        if (!waiting.isEmpty()) {
            scheduleDrain(ctx);
        } else if (inputClosed && !closing) {
            closing = true;
            guard.finish();
        } else if (!closing && !inputClosed) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private static boolean isBlank(final ByteBuf line) {
        for (int i = line.readerIndex(); i < line.writerIndex(); i++) {
            final byte b = line.getByte(i);
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
