package org.vnet.daemon.link;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Accepted TCP/TLS connections not yet bound to a link (TLS handshake or HELLO still to come),
 * capped per source address and in all, so that a flood of idle connections cannot take the
 * daemon's file descriptors. Data-plane thread only.
 */
final class PendingConnections {
    private final int perSource;
    private final int total;
    private final Map<InetAddress, Integer> bySource = new HashMap<>();
    private int count;

    /**
     * @param perSource most pending connections from one address
     * @param total     most pending connections in all
     */
    PendingConnections(final int perSource, final int total) {
        this.perSource = perSource;
        this.total = total;
    }

    /** Takes a connection from {@code source} if both caps allow; false if it is to be closed at once. */
    boolean tryAdd(final InetAddress source) {
        if (count >= total) {
            return false;
        }
        final int n = bySource.getOrDefault(source, 0);
        if (n >= perSource) {
            return false;
        }
        bySource.put(source, n + 1);
        count++;
        return true;
    }

    /** A connection from {@code source} taken by {@link #tryAdd} was bound to a link or closed. */
    void remove(final InetAddress source) {
        final Integer n = bySource.get(source);
        if (n == null) {
            return;
        }
        if (n <= 1) {
            bySource.remove(source);
        } else {
            bySource.put(source, n - 1);
        }
        count--;
    }

    /** Connections pending now. */
    int count() {
        return count;
    }
}
