package org.vnet.inference.capture;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/**
 * Constant-memory window over a byte stream: {@link #ensure(int)} makes bytes available at {@link #index()}
 * in {@link #buffer()}, {@link #advance(int)} consumes them, {@link #skip(long)} passes over long blocks.
 */
final class CaptureInput implements AutoCloseable
{
    static final int CAPACITY = 1 << 20;

    private final ReadableByteChannel channel;
    private final ByteBuffer bytes;
    private final UnsafeBuffer buffer;
    private int start;
    private int limit;
    private long consumed;
    private boolean eof;

    CaptureInput(final ReadableByteChannel channel)
    {
        this(channel, ByteBuffer.allocateDirect(CAPACITY));
    }

    /** A window in {@code window} ({@link #CAPACITY} bytes), which tests reuse from one input to the next. */
    CaptureInput(final ReadableByteChannel channel, final ByteBuffer window)
    {
        if (window.capacity() != CAPACITY)
        {
            throw new IllegalArgumentException("window of " + window.capacity() + " bytes, not " + CAPACITY);
        }
        this.channel = channel;
        this.bytes = window.clear().order(ByteOrder.LITTLE_ENDIAN);
        this.buffer = new UnsafeBuffer(bytes);
    }

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    /** Index in {@link #buffer()} of the next unconsumed byte. */
    int index()
    {
        return start;
    }

    /** File offset of the next unconsumed byte. */
    long position()
    {
        return consumed;
    }

    int available()
    {
        return limit - start;
    }

    /**
     * Make at least {@code n} bytes available.
     *
     * @param n bytes wanted, at most {@link #CAPACITY}.
     * @return false if the stream ended first (whatever was available stays available).
     */
    boolean ensure(final int n)
    {
        if (limit - start >= n)
        {
            return true;
        }
        if (start + n > CAPACITY)
        {
            final int remaining = limit - start;
            buffer.putBytes(0, buffer, start, remaining);
            start = 0;
            limit = remaining;
        }
        while (limit - start < n && !eof)
        {
            bytes.limit(CAPACITY).position(limit);
            try
            {
                final int read = channel.read(bytes);
                if (read < 0)
                {
                    eof = true;
                }
                else
                {
                    limit += read;
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("reading capture at byte offset " + (consumed + limit - start), ex);
            }
        }
        return limit - start >= n;
    }

    void advance(final int n)
    {
        start += n;
        consumed += n;
    }

    /**
     * Skip {@code n} bytes, reading through them if needed.
     *
     * @return false if the stream ended first.
     */
    boolean skip(final long n)
    {
        long remaining = n;
        while (remaining > 0)
        {
            if (available() == 0 && !ensure(1))
            {
                return false;
            }
            final int step = (int)Math.min(remaining, available());
            advance(step);
            remaining -= step;
        }
        return true;
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
