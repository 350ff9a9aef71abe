package org.vnet.daemon.wire;

import io.netty.buffer.ByteBuf;

/**
 * The vnet encapsulation header that precedes every message on a link, in network byte order.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------------------------------+---------------+---------------+
 * |        magic 0x564E "VN"      |  version = 1  |     type      |
 * +---------------+---------------+---------------+---------------+
 * |     flags     |  reserved = 0 |        payload length         |
 * +---------------+---------------+-------------------------------+
 * |                 payload (length bytes) ...
 * </pre>
 *
 * Types: {@link #TYPE_DATA} (payload is one Ethernet frame, no FCS, preceded by a 10-byte
 * {@link VirtioNetHeader} when flag {@link #FLAG_VNET_HDR} is set), {@link #TYPE_HELLO}
 * (payload is the sender's daemon name in UTF-8), {@link #TYPE_KEEPALIVE} (no payload),
 * {@link #TYPE_SUMMARY} (a traffic-matrix summary for the global view), {@link #TYPE_KERNEL_OFFER}
 * (UDP links: whether the sender's kernel receiver takes VXLAN, see {@link KernelOffer}),
 * {@link #TYPE_ADAPT} (an adaptation leader's fast-path directive) and {@link #TYPE_ADAPT_REPORT}
 * (a follower's answer; both JSON, see {@code org.vnet.daemon.adapt.Messages}). A UDP
 * datagram carries exactly one message; TCP and TLS streams carry messages back to back, framed
 * by the length field. Static methods only: the header is read and written in place.
 */
public final class FrameHeader {
    /** Header length in bytes. */
    public static final int LENGTH = 8;
    /** "VN". */
    public static final int MAGIC = 0x564E;
    /** The only version this daemon speaks. */
    public static final int VERSION = 1;
    /** Payload is an Ethernet frame. */
    public static final int TYPE_DATA = 1;
    /** Payload is the sender's daemon name. */
    public static final int TYPE_HELLO = 2;
    /** No payload; keeps the link's liveness. */
    public static final int TYPE_KEEPALIVE = 3;
    /** Payload is a traffic-matrix summary for the global view (see {@code org.vnet.daemon.inference.Summary}). */
    public static final int TYPE_SUMMARY = 4;
    /** Payload is a {@link KernelOffer}: what the sender's kernel VXLAN receiver takes. */
    public static final int TYPE_KERNEL_OFFER = 5;
    /** Payload is an adaptation leader's directive: the fast-path links the receiver should have. */
    public static final int TYPE_ADAPT = 6;
    /** Payload is a follower's report: the fast-path links it has and how the last directive went. */
    public static final int TYPE_ADAPT_REPORT = 7;
    /** Flag: a DATA payload starts with a {@link VirtioNetHeader} (GSO or partial checksum). */
    public static final int FLAG_VNET_HDR = 0x01;
    /** Largest payload the length field can describe. */
    public static final int MAX_PAYLOAD = 0xFFFF;

    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the version. */
    public static final int VERSION_OFFSET = 2;
    /** Offset of the type. */
    public static final int TYPE_OFFSET = 3;
    /** Offset of the flags. */
    public static final int FLAGS_OFFSET = 4;
    /** Offset of the reserved byte. */
    public static final int RESERVED_OFFSET = 5;
    /** Offset of the payload length. */
    public static final int LENGTH_OFFSET = 6;

    /** {@link #check} result: the header is valid. */
    public static final int OK = 0;
    /** Fewer than {@link #LENGTH} bytes. */
    public static final int ERR_SHORT = 1;
    /** Wrong magic: not a vnet message. */
    public static final int ERR_MAGIC = 2;
    /** A version this daemon does not speak. */
    public static final int ERR_VERSION = 3;
    /** A type this daemon does not know. */
    public static final int ERR_TYPE = 4;
    /** The length field disagrees with the bytes present. */
    public static final int ERR_LENGTH = 5;
    /** The reserved byte is not 0, or a flag bit this daemon does not know is set. */
    public static final int ERR_FLAGS = 6;

    private FrameHeader() {
    }

    /** Writes a header with no flags at the buffer's writer index and advances it. */
    public static void write(final ByteBuf buf, final int type, final int payloadLength) {
        write(buf, type, 0, payloadLength);
    }

    /** Writes a header at the buffer's writer index and advances it. */
    public static void write(final ByteBuf buf, final int type, final int flags, final int payloadLength) {
        buf.writeShort(MAGIC);
        buf.writeByte(VERSION);
        buf.writeByte(type);
        buf.writeByte(flags);
        buf.writeByte(0);
        buf.writeShort(payloadLength);
    }

    /**
     * Checks the message at {@code buf}'s reader index that spans {@code available} bytes.
     *
     * @return {@link #OK} or an {@code ERR_*} code; never throws
     */
    public static int check(final ByteBuf buf, final int available) {
        if (available < LENGTH) {
            return ERR_SHORT;
        }
        final int at = buf.readerIndex();
        if (buf.getUnsignedShort(at + MAGIC_OFFSET) != MAGIC) {
            return ERR_MAGIC;
        }
        if (buf.getUnsignedByte(at + VERSION_OFFSET) != VERSION) {
            return ERR_VERSION;
        }
        final int type = buf.getUnsignedByte(at + TYPE_OFFSET);
        if (type < TYPE_DATA || type > TYPE_ADAPT_REPORT) {
            return ERR_TYPE;
        }
        if (buf.getUnsignedShort(at + LENGTH_OFFSET) != available - LENGTH) {
            return ERR_LENGTH;
        }
        if (buf.getUnsignedByte(at + RESERVED_OFFSET) != 0 || (buf.getUnsignedByte(at + FLAGS_OFFSET) & ~FLAG_VNET_HDR) != 0) {
            return ERR_FLAGS;
        }
        return OK;
    }

    /** The type of the message at the reader index (after {@link #check} said OK). */
    public static int type(final ByteBuf buf) {
        return buf.getUnsignedByte(buf.readerIndex() + TYPE_OFFSET);
    }

    /** The flags of the message at the reader index. */
    public static int flags(final ByteBuf buf) {
        return buf.getUnsignedByte(buf.readerIndex() + FLAGS_OFFSET);
    }

    /** The payload length of the message at the reader index. */
    public static int payloadLength(final ByteBuf buf) {
        return buf.getUnsignedShort(buf.readerIndex() + LENGTH_OFFSET);
    }
}
