package org.vnet.daemon.model;

import java.util.Locale;

/** How a link carries frames to its peer daemon. */
public enum Transport {
    /** One frame per datagram after the vnet header. */
    UDP,
    /** Length-prefixed frames over one TCP connection. */
    TCP,
    /** As TCP, inside TLS 1.3 with mutual certificate authentication. */
    TLS,
    /**
     * Standard VXLAN (RFC 7348) to a plain VXLAN endpoint (e.g. Linux {@code ip link add ... type vxlan}):
     * needs the kernel data path, whose VXLAN port the endpoint must use.
     */
    VXLAN;

    /** Parses {@code udp}, {@code tcp}, {@code tls} or {@code vxlan} (any case). */
    public static Transport parse(final String text) {
        if (text != null) {
            for (final Transport t : values()) {
                if (t.name().equalsIgnoreCase(text.trim())) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("bad transport '" + text + "' (want udp, tcp, tls or vxlan)");
    }

    /** Lower-case name as written in configs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
