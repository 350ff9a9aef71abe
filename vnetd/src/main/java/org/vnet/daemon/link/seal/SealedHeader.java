package org.vnet.daemon.link.seal;

import io.netty.buffer.ByteBuf;

/**
 * The clear prefix of a sealed datagram, in network byte order; the whole vnet message (header and
 * payload) follows encrypted, then the 16-byte GCM tag.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+---------------+---------------+---------------+
 * |   'V' 0x56    |   'S' 0x53    |  version = 1  |  reserved = 0 |
 * +---------------+---------------+---------------+---------------+
 * |                 sender's session id (64 bits)                 |
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                       key epoch (32 bits)                     |
 * +---------------------------------------------------------------+
 * |                   message counter (64 bits)                   |
 * |                                                               |
 * +---------------------------------------------------------------+
 * |  AES-256-GCM ciphertext of the vnet message ...               |
 * |  tag (16 bytes)                                               |
 * </pre>
 *
 * The GCM nonce is bytes 12..23 (epoch, counter); the additional data is the whole prefix. A plain
 * vnet message starts "VN", so the two never mix up.
 */
public final class SealedHeader {
    /** Prefix length. */
    public static final int LENGTH = 24;
    /** GCM tag length. */
    public static final int TAG_LENGTH = 16;
    /** Bytes a sealed datagram adds to the vnet message. */
    public static final int OVERHEAD = LENGTH + TAG_LENGTH;
    /** "VS", version 1, reserved 0. */
    public static final int MARK = 0x56530100;
    /** Offset of the session id. */
    public static final int SESSION_OFFSET = 4;
    /** Offset of the key epoch, the nonce's start. */
    public static final int EPOCH_OFFSET = 12;
    /** Offset of the counter. */
    public static final int COUNTER_OFFSET = 16;
    /** GCM nonce length. */
    public static final int NONCE_LENGTH = 12;

    private SealedHeader() {
    }

    /** Whether the {@code length} bytes at {@code at} start with a sealed prefix (and may hold a tag). */
    public static boolean isSealed(final ByteBuf buf, final int at, final int length) {
        return length >= OVERHEAD && buf.getInt(at) == MARK;
    }
}
