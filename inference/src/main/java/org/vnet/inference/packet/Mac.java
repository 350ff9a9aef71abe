package org.vnet.inference.packet;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * The MAC codec: a MAC is held as the low 48 bits of a {@code long} (first octet most significant), so the per-frame
 * path never allocates for one. {@link #read} is for the per-frame path; parsing and formatting allocate and are for
 * the control plane and reports.
 */
public final class Mac
{
    /** The broadcast address ff:ff:ff:ff:ff:ff. */
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    /** Length of a MAC in bytes. */
    public static final int LENGTH = 6;

    private static final int TEXT_LENGTH = 17;

    private Mac()
    {
    }

    /**
     * Read the 6 bytes at {@code index} (network order) as a MAC; allocation-free.
     *
     * @param buffer holding the address.
     * @param index  of its first byte.
     * @return the MAC in the low 48 bits.
     */
    public static long read(final DirectBuffer buffer, final int index)
    {
        return ((long)(buffer.getShort(index, ByteOrder.BIG_ENDIAN) & 0xFFFF) << 32) |
            (buffer.getInt(index + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL);
    }

    /**
     * Parse {@code aa:bb:cc:dd:ee:ff} (or with '-'), either case.
     *
     * @param text MAC in text form.
     * @return the MAC in the low 48 bits.
     * @throws IllegalArgumentException with the offending text when it is not a MAC.
     */
    public static long parse(final String text)
    {
        if (text == null || text.length() != TEXT_LENGTH)
        {
            throw notMac(text);
        }
        long value = 0;
        for (int i = 0; i < LENGTH; i++)
        {
            final int at = i * 3;
            if (i > 0 && text.charAt(at - 1) != ':' && text.charAt(at - 1) != '-')
            {
                throw notMac(text);
            }
            final int hi = Character.digit(text.charAt(at), 16);
            final int lo = Character.digit(text.charAt(at + 1), 16);
            if (hi < 0 || lo < 0)
            {
                throw notMac(text);
            }
            value = (value << 8) | (hi << 4) | lo;
        }
        return value;
    }

    /**
     * Format as lower-case {@code aa:bb:cc:dd:ee:ff}.
     *
     * @param mac the MAC in the low 48 bits.
     * @return the text form.
     */
    public static String format(final long mac)
    {
        final StringBuilder sb = new StringBuilder(TEXT_LENGTH);
        for (int shift = 40; shift >= 0; shift -= 8)
        {
            final int octet = (int)(mac >>> shift) & 0xFF;
            sb.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xF, 16));
            if (shift > 0)
            {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /**
     * Whether a MAC is a group (broadcast or multicast) address: the I/G bit of the first octet.
     *
     * @param mac the MAC in the low 48 bits.
     * @return true for group addresses.
     */
    public static boolean isGroup(final long mac)
    {
        return (mac & 0x0100_0000_0000L) != 0;
    }

    private static IllegalArgumentException notMac(final String text)
    {
        return new IllegalArgumentException("not a MAC address (want aa:bb:cc:dd:ee:ff): '" + text + "'");
    }
}
