package org.vnet.inference.packet;

/**
 * The IP address codec for reports: 16 address bytes held as two big-endian longs, IPv4 as the v4-mapped form
 * {@code ::ffff:a.b.c.d}; formatting allocates and is not for the per-frame path.
 */
public final class IpAddress
{
    private IpAddress()
    {
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
    public static String format(final long high, final long low)
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
