package org.vnet.daemon.control;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import org.vnet.protocol.ErrorCode;
import org.vnet.protocol.Json;
import org.vnet.protocol.Response;

/** Response records to lines: the protocol's one writer, straight into a buffer, then the newline. */
final class Responses {
    private static final int FIRST_GUESS_BYTES = 256;

    private Responses() {
    }

    /** {@code response} as one JSON line in a new buffer from {@code alloc}. */
    static ByteBuf line(final ByteBufAllocator alloc, final Object response) {
        final ByteBuf buf = alloc.ioBuffer(FIRST_GUESS_BYTES);
        try {
            Json.WRITER.writeValue((OutputStream) new ByteBufOutputStream(buf), response);
        } catch (final IOException e) {
            buf.release();
            throw new UncheckedIOException("cannot encode a response", e);
        }
        return buf.writeByte('\n');
    }

    /** An error not tied to a request (too long, busy, timeout). */
    static Response.Error error(final ErrorCode code, final String message) {
        return new Response.Error(null, code, message);
    }
}
