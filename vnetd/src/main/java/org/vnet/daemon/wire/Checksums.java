package org.vnet.daemon.wire;

import io.netty.buffer.ByteBuf;

/** Internet checksum (RFC 1071) helpers, allocation-free. */
public final class Checksums {
    private Checksums() {
    }

    /**
     * Finishes a partial transport checksum in place, as a NIC would: the field at
     * {@code start + offset} holds the pseudo-header sum; the one's complement of the sum over
     * {@code [start, end)} is written there.
     *
     * @return false (and nothing written) if the offsets do not fit the frame
     */
    public static boolean complete(final ByteBuf buf, final int frameOffset, final int frameLength, final int start,
                                   final int offset) {
        if (start < 14 || start + offset + 2 > frameLength) {
            return false;
        }
        final int from = frameOffset + start;
        final int end = frameOffset + frameLength;
        final long sum = sum(buf, from, end);
        final int result = ~fold(sum) & 0xFFFF;
        // 0x0000 and 0xFFFF are both zero in one's complement; UDP reserves 0 for "no checksum"
        buf.setShort(from + offset, result == 0 ? 0xFFFF : result);
        return true;
    }

    /** One's complement sum of the big-endian 16-bit words in {@code [from, end)}, not folded. */
    public static long sum(final ByteBuf buf, final int from, final int end) {
        long sum = 0;
        int i = from;
        for (; i + 8 <= end; i += 8) {
            final long w = buf.getLong(i);
            sum += (w >>> 48) + ((w >>> 32) & 0xFFFF) + ((w >>> 16) & 0xFFFF) + (w & 0xFFFF);
        }
        for (; i + 2 <= end; i += 2) {
            sum += buf.getUnsignedShort(i);
        }
        if (i < end) {
            sum += buf.getUnsignedByte(i) << 8;
        }
        return sum;
    }

    /** Folds a sum to 16 bits with end-around carry. */
    public static int fold(final long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }
}
