package org.vnet.inference.packet;

/**
 * IPv4 header (RFC 791) offsets; all fields in network order.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------+-------+---------------+-------------------------------+
 *  |Version|  IHL  |      ToS      |          Total Length         |  0
 *  +-------+-------+---------------+-----+-------------------------+
 *  |         Identification        |Flags|     Fragment Offset     |  4
 *  +---------------+---------------+-----+-------------------------+
 *  |      TTL      |    Protocol   |        Header Checksum        |  8
 *  +---------------+---------------+-------------------------------+
 *  |                         Source Address                        | 12
 *  |                      Destination Address                      | 16
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class Ipv4
{
    public static final int VERSION_IHL_OFFSET = 0;
    public static final int TOTAL_LENGTH_OFFSET = 2;
    public static final int IDENTIFICATION_OFFSET = 4;
    public static final int FRAGMENT_OFFSET = 6;
    public static final int TTL_OFFSET = 8;
    public static final int PROTOCOL_OFFSET = 9;
    public static final int CHECKSUM_OFFSET = 10;
    public static final int SRC_ADDRESS_OFFSET = 12;
    public static final int DST_ADDRESS_OFFSET = 16;
    /** Length of a header without options. */
    public static final int MIN_HEADER_LENGTH = 20;
    /** Mask of the fragment offset in the 16 bits at {@link #FRAGMENT_OFFSET}. */
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;
    /** The "more fragments" flag in the 16 bits at {@link #FRAGMENT_OFFSET}. */
    public static final int MORE_FRAGMENTS = 0x2000;

    private Ipv4()
    {
    }
}
