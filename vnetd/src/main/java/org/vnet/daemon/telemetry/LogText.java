package org.vnet.daemon.telemetry;

/**
 * Makes text a peer supplied (a HELLO name, a handshake's reason) safe to log: one line, printable,
 * bounded. A control character (newline, carriage return, escape...) or a Unicode line or paragraph
 * separator becomes a visible escape such as {@code \n} or {@code \x1b}, so a peer can neither forge
 * a log line nor drive the operator's terminal; text beyond {@link #MAX_LENGTH} characters is cut
 * and marked.
 */
public final class LogText {
    /** Characters of peer text kept in a log line. */
    public static final int MAX_LENGTH = 128;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogText() {
    }

    /** {@code text} escaped and cut for a log line; "null" for null. */
    public static String escape(final String text) {
        if (text == null) {
            return "null";
        }
        final int end = Math.min(text.length(), MAX_LENGTH);
        final StringBuilder b = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f && c < 0xa0) {
                        b.append("\\x").append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else if (c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT) {
                        b.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                            .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (text.length() > end) {
            b.append("...(").append(text.length()).append(" chars)");
        }
        return b.toString();
    }
}
