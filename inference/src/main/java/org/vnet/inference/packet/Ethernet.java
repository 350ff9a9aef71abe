package org.vnet.inference.packet;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Ethernet II header, optionally followed by 802.1Q/802.1ad tags; all fields in network order.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Destination MAC (48)                         |  0
 *  +-------------------------------+                               +
 *  |                               |     Source MAC (48)           |  4
 *  +-------------------------------+-------------------------------+
 *  |                                                               |  8
 *  +-------------------------------+-------------------------------+
 *  |          EtherType            |                                 12
 *  +-------------------------------+
 *   VLAN tag (when EtherType is 0x8100 or 0x88a8): TCI (16, VLAN id in the low 12 bits), then the next EtherType.
 * </pre>
 */
public final class Ethernet
{
    public static final int DST_MAC_OFFSET = 0;
    public static final int SRC_MAC_OFFSET = 6;
    public static final int ETHER_TYPE_OFFSET = 12;
    /** Length of the untagged header. */
    public static final int HEADER_LENGTH = 14;
    /** Length of one VLAN tag (TCI and the next EtherType). */
    public static final int VLAN_TAG_LENGTH = 4;
    /** Mask of the VLAN id in a tag's TCI. */
    public static final int VLAN_ID_MASK = 0x0FFF;

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_QINQ = 0x88A8;

    private Ethernet()
    {
    }

    /**
     * Whether an EtherType announces a VLAN tag.
     *
     * @param etherType value read from the frame.
     * @return true for 802.1Q and 802.1ad.
     */
    public static boolean isVlanTag(final int etherType)
    {
        return etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ;
    }

    /**
     * Read the EtherType at {@code index}.
     *
     * @param buffer holding the frame.
     * @param index  of the field.
     * @return the unsigned 16-bit value.
     */
    public static int etherType(final DirectBuffer buffer, final int index)
    {
        return buffer.getShort(index, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }
}
