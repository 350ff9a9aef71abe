package org.vnet.inference.event;

/**
 * Formatting and parsing of MAC and IP addresses used in reports; not for the per-event path.
 */
public final class Addresses
{
    private Addresses()
    {
    }

    /**
     * Format a MAC held in the low 48 bits of a long as {@code aa:bb:cc:dd:ee:ff}.
     *
     * @param mac value.
     * @return the text form.
     */
    public static String formatMac(final long mac)
    {
        final StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8)
        {
            final int octet = (int)((mac >>> shift) & 0xFF);
            sb.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xF, 16));
            if (shift > 0)
            {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /**
     * Parse {@code aa:bb:cc:dd:ee:ff} (or with dashes) into a long.
     *
     * @param text MAC in text form.
     * @return the value in the low 48 bits.
     * @throws IllegalArgumentException if the text is not a MAC.
     */
    public static long parseMac(final String text)
    {
        final String[] parts = text.trim().split("[:-]");
        if (parts.length != 6)
        {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long mac = 0;
        for (final String part : parts)
        {
            final int octet;
            try
            {
                octet = Integer.parseInt(part, 16);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("not a MAC address: " + text, ex);
            }
            if (part.isEmpty() || part.length() > 2 || octet < 0 || octet > 255)
            {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            mac = (mac << 8) | octet;
        }
        return mac;
    }

    /**
     * Whether 16 address bytes (as two big-endian longs) are an IPv4-mapped address.
     *
     * @param high first 8 bytes.
     * @param low  last 8 bytes.
     * @return true for {@code ::ffff:a.b.c.d}.
     */
    public static boolean isV4Mapped(final long high, final long low)
    {
        return high == 0 && (low >>> 32) == 0xFFFFL;
    }

    /**
     * Format 16 address bytes (two big-endian longs): dotted quad when v4-mapped, else compressed IPv6.
     *
     * @param high first 8 bytes.
     * @param low  last 8 bytes.
     * @return the text form.
     */
    public static String formatIp(final long high, final long low)
    {
        if (isV4Mapped(high, low))
        {
            return ((low >>> 24) & 0xFF) + "." + ((low >>> 16) & 0xFF) + "." + ((low >>> 8) & 0xFF) + "." +
                (low & 0xFF);
        }
        final int[] groups = new int[8];
        for (int i = 0; i < 4; i++)
        {
            groups[i] = (int)((high >>> (48 - 16 * i)) & 0xFFFF);
            groups[i + 4] = (int)((low >>> (48 - 16 * i)) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; )
        {
            if (groups[i] == 0)
            {
                int j = i;
                while (j < 8 && groups[j] == 0)
                {
                    j++;
                }
                if (j - i > bestLength && j - i > 1)
                {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            }
            else
            {
                i++;
            }
        }
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':')
            {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
