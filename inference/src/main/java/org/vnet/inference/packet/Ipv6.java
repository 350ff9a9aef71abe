package org.vnet.inference.packet;

/**
 * IPv6 header (RFC 8200) offsets; all fields in network order.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------+---------------+---------------------------------------+
 *  |Version| Traffic Class |              Flow Label               |  0
 *  +-------+---------------+-------+---------------+---------------+
 *  |         Payload Length        |  Next Header  |   Hop Limit   |  4
 *  +-------------------------------+---------------+---------------+
 *  |                  Source Address (128 bits)                    |  8
 *  |               Destination Address (128 bits)                  | 24
 *  +---------------------------------------------------------------+
 * </pre>
 * Extension headers: hop-by-hop (0), routing (43) and destination options (60) carry their length in 8-byte
 * units after the next header; a fragment header (44) is 8 bytes with the offset in the high 13 bits at 2.
 */
public final class Ipv6
{
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    public static final int NEXT_HEADER_OFFSET = 6;
    public static final int HOP_LIMIT_OFFSET = 7;
    public static final int SRC_ADDRESS_OFFSET = 8;
    public static final int DST_ADDRESS_OFFSET = 24;
    /** Length of the fixed header. */
    public static final int HEADER_LENGTH = 40;
    /** Length of an address. */
    public static final int ADDRESS_LENGTH = 16;
    /** Mask of the flow label in the first 32 bits. */
    public static final int FLOW_LABEL_MASK = 0x000F_FFFF;

    public static final int NEXT_HOP_BY_HOP = 0;
    public static final int NEXT_ROUTING = 43;
    public static final int NEXT_FRAGMENT = 44;
    public static final int NEXT_DESTINATION_OPTIONS = 60;
    /** Length of a fragment extension header. */
    public static final int FRAGMENT_HEADER_LENGTH = 8;

    private Ipv6()
    {
    }

    /**
     * Whether a next-header value is an extension header with a length field (hop-by-hop, routing, options).
     *
     * @param next the next-header value.
     * @return true if the parser skips it by its length.
     */
    public static boolean isOptionsHeader(final int next)
    {
        return next == NEXT_HOP_BY_HOP || next == NEXT_ROUTING || next == NEXT_DESTINATION_OPTIONS;
    }
}
