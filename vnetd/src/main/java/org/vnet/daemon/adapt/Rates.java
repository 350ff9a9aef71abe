package org.vnet.daemon.adapt;

import java.util.Locale;

/** Formats traffic rates for decisions and status. */
final class Rates {
    private Rates() {
    }

    /** {@code 1.25 MB/s}, {@code 830 kB/s}, {@code 12 B/s}. */
    static String format(final double bytesPerSecond) {
        if (bytesPerSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2f MB/s", bytesPerSecond / 1e6);
        }
        if (bytesPerSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.0f kB/s", bytesPerSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f B/s", bytesPerSecond);
    }
}
