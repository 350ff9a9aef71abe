package org.vnet.daemon.control;

import java.util.ArrayDeque;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.TooLongFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.protocol.ErrorCode;

/**
 * Answers one client's request lines in order: each line through the {@link CommandHandler}, each
 * response written at once and flushed when the read that brought the lines is done, so a
 * pipelining client gets one flush per batch and a sequential client one per request. While the
 * client does not take its responses (the channel is over its write-buffer high water mark) lines
 * wait here and the socket is not read; at most {@link #REQUESTS_PER_TURN} lines are answered
 * before the other clients get their turn.
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
    private final ArrayDeque<ByteBuf> waiting = new ArrayDeque<>();
    private boolean closing;
    private boolean inputClosed;
    private boolean drainScheduled;
    private int answeredThisTurn;

    /**
     * @param scratch a buffer of at least {@code maxLineBytes} for lines not in a heap array, shared by
     *                the handlers of one thread
     */
    ControlHandler(final CommandHandler commands, final ControlCounters counters, final ClientGuard guard,
                   final int maxLineBytes, final byte[] scratch) {
        this.commands = commands;
        this.counters = counters;
        this.guard = guard;
        this.maxLineBytes = maxLineBytes;
        this.scratch = scratch;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
        final ByteBuf line = (ByteBuf) msg;
        if (closing) {
            line.release();
            return;
        }
        if (!waiting.isEmpty() || !ctx.channel().isWritable() || answeredThisTurn >= REQUESTS_PER_TURN) {
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
            if (waiting.isEmpty() && !closing) {
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
        if (!drainScheduled && !waiting.isEmpty()) {
            drainScheduled = true;
            ctx.executor().execute(() -> drain(ctx));
        }
    }

    /** Answers waiting lines while the client takes its output, a turn's worth at a time. */
    private void drain(final ChannelHandlerContext ctx) {
        drainScheduled = false;
        int answered = 0;
        while (!closing && ctx.channel().isWritable() && answered < REQUESTS_PER_TURN) {
            final ByteBuf line = waiting.poll();
            if (line == null) {
                break;
            }
            answer(ctx, line);
            answered++;
        }
        ctx.flush();
        answeredThisTurn = 0;
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
            final Object response;
            if (line.hasArray()) {
                response = commands.handle(line.array(), line.arrayOffset() + line.readerIndex(), length);
            } else {
                line.getBytes(line.readerIndex(), scratch, 0, length);
                response = commands.handle(scratch, 0, length);
            }
            answeredThisTurn++;
            ctx.write(Responses.line(ctx.alloc(), response), ctx.voidPromise());
        } finally {
            line.release();
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
