package org.vnet.inference.packet;

/**
 * TCP header (RFC 9293) offsets and flags; all fields in network order.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |          Source Port          |       Destination Port        |  0
 *  +-------------------------------+-------------------------------+
 *  |                        Sequence Number                        |  4
 *  |                    Acknowledgment Number                      |  8
 *  +-------+-------+---------------+-------------------------------+
 *  |  Data |       |     Flags     |            Window             | 12
 *  | Offset|       |               |                               |
 *  +-------+-------+---------------+-------------------------------+
 *  |           Checksum            |         Urgent Pointer        | 16
 *  +-------------------------------+-------------------------------+
 * </pre>
 */
public final class Tcp
{
    public static final int SRC_PORT_OFFSET = 0;
    public static final int DST_PORT_OFFSET = 2;
    public static final int SEQ_OFFSET = 4;
    public static final int ACK_OFFSET = 8;
    public static final int DATA_OFFSET_OFFSET = 12;
    public static final int FLAGS_OFFSET = 13;
    public static final int WINDOW_OFFSET = 14;
    /** Offset of the checksum (the {@code csum_offset} of a partial checksum). */
    public static final int CHECKSUM_OFFSET = 16;
    /** Length of a header without options. */
    public static final int MIN_HEADER_LENGTH = 20;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    private Tcp()
    {
    }
}
