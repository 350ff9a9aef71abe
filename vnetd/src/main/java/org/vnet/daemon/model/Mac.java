package org.vnet.daemon.model;

/**
 * Ethernet MAC addresses held as the low 48 bits of a {@code long}, so the fast path never
 * allocates for them. Parsing and formatting are for the control plane.
 */
public final class Mac {
    /** The broadcast address ff:ff:ff:ff:ff:ff. */
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    private Mac() {
    }

    /**
     * Parses {@code aa:bb:cc:dd:ee:ff} (or with '-').
     *
     * @throws IllegalArgumentException with the offending text when it is not a MAC
     */
    public static long parse(final String text) {
        if (text == null || text.length() != 17) {
            throw new IllegalArgumentException("not a MAC address (want aa:bb:cc:dd:ee:ff): '" + text + "'");
        }
        long value = 0;
        for (int i = 0; i < 6; i++) {
            final int at = i * 3;
            if (i > 0 && text.charAt(at - 1) != ':' && text.charAt(at - 1) != '-') {
                throw new IllegalArgumentException("not a MAC address (want aa:bb:cc:dd:ee:ff): '" + text + "'");
            }
            final int hi = Character.digit(text.charAt(at), 16);
            final int lo = Character.digit(text.charAt(at + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not a MAC address (want aa:bb:cc:dd:ee:ff): '" + text + "'");
            }
            value = (value << 8) | (hi << 4) | lo;
        }
        return value;
    }

    /** Formats as lower-case {@code aa:bb:cc:dd:ee:ff}. */
    public static String format(final long mac) {
        final StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            final int b = (int) (mac >>> shift) & 0xFF;
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            if (shift > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /** True for group (broadcast and multicast) addresses: the I/G bit of the first octet. */
    public static boolean isGroup(final long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }
}
