package org.vnet.inference.packet;

/**
 * UDP header (RFC 768) offsets; all fields in network order.
 * <pre>
 *  +-------------------------------+-------------------------------+
 *  |          Source Port          |       Destination Port        |  0
 *  +-------------------------------+-------------------------------+
 *  |            Length             |           Checksum            |  4
 *  +-------------------------------+-------------------------------+
 * </pre>
 */
public final class Udp
{
    public static final int SRC_PORT_OFFSET = 0;
    public static final int DST_PORT_OFFSET = 2;
    public static final int LENGTH_OFFSET = 4;
    /** Offset of the checksum (the {@code csum_offset} of a partial checksum). */
    public static final int CHECKSUM_OFFSET = 6;
    /** Length of the header. */
    public static final int HEADER_LENGTH = 8;

    private Udp()
    {
    }
}
