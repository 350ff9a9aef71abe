package org.vnet.daemon.model;

import java.util.Locale;

/** How a link carries frames to its peer daemon. */
public enum Transport {
    /** One frame per datagram after the vnet header. */
    UDP,
    /** Length-prefixed frames over one TCP connection. */
    TCP,
    /** As TCP, inside TLS 1.3 with mutual certificate authentication. */
    TLS;

    /** Parses {@code udp}, {@code tcp} or {@code tls} (any case). */
    public static Transport parse(final String text) {
        if (text != null) {
            for (final Transport t : values()) {
                if (t.name().equalsIgnoreCase(text.trim())) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("bad transport '" + text + "' (want udp, tcp or tls)");
    }

    /** Lower-case name as written in configs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
