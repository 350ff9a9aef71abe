package org.vnet.daemon.wire;

import io.netty.buffer.ByteBuf;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * An Agrona view over a Netty frame's memory, so the shared packet vocabulary
 * ({@code org.vnet.inference.packet}) and the event encoder read a {@link ByteBuf} in place: nothing
 * is copied, nothing allocated. A reusable flyweight for one thread.
 */
public final class ByteBufView {
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    /**
     * Points the view at {@code frame[offset, offset + length)} (absolute indices, as {@link ByteBuf#getByte(int)}).
     *
     * @return false when the buffer has neither a memory address nor a backing array (a composite
     *     buffer): the view is then not usable
     */
    public boolean wrap(final ByteBuf frame, final int offset, final int length) {
        if (frame.hasMemoryAddress()) {
            view.wrap(frame.memoryAddress() + offset, length);
            return true;
        }
        if (frame.hasArray()) {
            view.wrap(frame.array(), frame.arrayOffset() + offset, length);
            return true;
        }
        return false;
    }

    /** The view: index 0 is the first byte of the wrapped range. */
    public UnsafeBuffer buffer() {
        return view;
    }
}
