package org.vnet.optimiser;

/**
 * An undirected network link between two nodes. Both directions share its bandwidth.
 *
 * @param a             one end (a host or a switch name).
 * @param b             the other end.
 * @param bandwidth     capacity in bytes per second, positive.
 * @param latencyMicros one-way latency in microseconds, zero or more.
 */
public record Link(String a, String b, double bandwidth, double latencyMicros) {
    /** Validates the link on its own; {@link Network} checks that its ends exist. */
    public Link {
        Names.require(a, "link end");
        Names.require(b, "link end");
        if (a.equals(b)) {
            throw new IllegalArgumentException("link " + a + "-" + b + " connects a node to itself");
        }
        if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) {
            throw new IllegalArgumentException("link " + a + "-" + b + ": bandwidth must be positive and finite, got " +
                bandwidth);
        }
        if (!(latencyMicros >= 0) || Double.isInfinite(latencyMicros)) {
            throw new IllegalArgumentException("link " + a + "-" + b + ": latency must be zero or more and finite, got " +
                latencyMicros);
        }
    }

    /** The link's name as used in messages: {@code a-b}. */
    public String label() {
        return a + "-" + b;
    }
}
