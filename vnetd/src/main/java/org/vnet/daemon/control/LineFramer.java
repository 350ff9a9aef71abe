package org.vnet.daemon.control;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * Request lines: {@code \n} or {@code \r\n} ended, at most {@code maxLength} bytes (a longer one
 * fails at once with {@link io.netty.handler.codec.TooLongFrameException}), and a last line
 * without a newline taken as a request when the client shuts down its sending side.
 */
final class LineFramer extends LineBasedFrameDecoder {
    private final int maxLength;

    LineFramer(final int maxLength) {
        super(maxLength, true, true);
        this.maxLength = maxLength;
    }

    @Override
    protected void decodeLast(final ChannelHandlerContext ctx, final ByteBuf in, final List<Object> out) throws Exception {
        if (!in.isReadable()) {
            // at close Netty passes its empty buffer, on which the line search throws
            return;
        }
        decode(ctx, in, out);
        if (in.isReadable() && in.readableBytes() <= maxLength) {
            out.add(in.readRetainedSlice(in.readableBytes()));
        } else {
            in.skipBytes(in.readableBytes());
        }
    }
}
