package org.vnet.daemon.control;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import org.vnet.protocol.ErrorCode;

/**
 * The time limits of one client and its orderly end, ahead of the line framer: turns the idle
 * events of {@link io.netty.handler.timeout.IdleStateHandler} into the protocol's {@code timeout}
 * (a line left unfinished, a silent client) or a plain close (output the client does not take),
 * and after a closing error shuts the output down and discards what the client still sends, so it
 * reads the error and a clean end of stream rather than a reset.
 */
final class ClientGuard extends ChannelDuplexHandler {
    /** Input discarded after the closing response before the connection is closed regardless. */
    static final long MAX_DRAIN_BYTES = 1024 * 1024;

    private final ControlServer.Limits limits;
    private final ControlCounters counters;
    private boolean partialLine;
    private boolean draining;
    private boolean inputClosed;
    private boolean timedOut;
    private long timedOutAtNanos;
    private long drained;
    private long lastActivityNanos;
    private ChannelHandlerContext ctx;

    ClientGuard(final ControlServer.Limits limits, final ControlCounters counters) {
        this.limits = limits;
        this.counters = counters;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext context) {
        this.ctx = context;
        lastActivityNanos = context.executor().ticker().nanoTime();
    }

    /** When the client last sent something or was written to, on its executor's ticker. */
    long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** Whether the client is between requests: no unfinished line, no output waiting, not being closed. */
    boolean isIdle() {
        return !timedOut && !draining && !partialLine && pendingOutput(ctx) == 0 && ctx.channel().isActive();
    }

    /** Closes this client with a {@code timeout} error saying {@code why}, to make room for another. */
    void closeToMakeRoom(final String why) {
        timeOut(ctx, why);
    }

    @Override
    public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise) {
        lastActivityNanos = ctx.executor().ticker().nanoTime();
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
        lastActivityNanos = ctx.executor().ticker().nanoTime();
        final ByteBuf buf = (ByteBuf) msg;
        if (draining) {
            drained += buf.readableBytes();
            buf.release();
            if (drained > MAX_DRAIN_BYTES) {
                ctx.close();
            }
            return;
        }
        if (buf.isReadable()) {
            partialLine = buf.getByte(buf.writerIndex() - 1) != '\n';
        }
        ctx.fireChannelRead(buf);
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputClosed = true;
            if (draining) {
                ctx.close();
                return;
            }
        } else if (evt instanceof IdleStateEvent idle) {
            onIdle(ctx, idle);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void onIdle(final ChannelHandlerContext ctx, final IdleStateEvent idle) {
        if (timedOut) {
            if (idle.state() == IdleState.WRITER_IDLE && pendingOutput(ctx) > 0
                && ctx.executor().ticker().nanoTime() - timedOutAtNanos >= limits.stallTimeout().toNanos()) {
                ctx.close(); // the timeout error itself is not taken
            }
            return;
        }
        if (draining) {
            if (idle.state() != IdleState.ALL_IDLE) {
                ctx.close();
            }
            return;
        }
        switch (idle.state()) {
            case READER_IDLE -> {
                if (partialLine) {
                    timeOut(ctx, "request line not finished within " + limits.stallTimeout().toMillis()
                        + " ms; closing the connection");
                }
            }
            case WRITER_IDLE -> {
                if (pendingOutput(ctx) > 0) {
                    timedOut = true;
                    counters.timedOutClients.incrementAndGet();
                    ctx.close();
                }
            }
            case ALL_IDLE -> {
                if (!partialLine && pendingOutput(ctx) == 0) {
                    timeOut(ctx, "idle for " + limits.idleTimeout().toMillis() + " ms; closing the connection");
                }
            }
            default -> throw new IllegalStateException("idle state " + idle.state());
        }
    }

    private void timeOut(final ChannelHandlerContext ctx, final String why) {
        timedOut = true;
        timedOutAtNanos = ctx.executor().ticker().nanoTime();
        counters.timedOutClients.incrementAndGet();
        ctx.writeAndFlush(Responses.line(ctx.alloc(), Responses.error(ErrorCode.TIMEOUT, why)))
            .addListener(ChannelFutureListener.CLOSE);
    }

    private static long pendingOutput(final ChannelHandlerContext ctx) {
        final ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    /**
     * Ends the connection once everything written so far is sent: closes at once if the client has
     * finished sending, else shuts the output down and discards the client's input for a bounded
     * time and amount.
     */
    void finish() {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (inputClosed || !f.isSuccess() || !(f.channel() instanceof DomainSocketChannel ch)) {
                f.channel().close();
                return;
            }
            draining = true;
            ch.config().setAutoRead(true);
            ch.shutdownOutput();
        });
    }
}
