package org.vnet.daemon.adapt;

/**
 * Two hosts (daemon names), in name order, so that a pair has one spelling.
 *
 * @param a the smaller name
 * @param b the larger name
 */
public record HostPair(String a, String b) implements Comparable<HostPair> {
    /** Checks the order. */
    public HostPair {
        if (a.compareTo(b) >= 0) {
            throw new IllegalArgumentException("host pair must be two different names in order, got " + a + ", " + b);
        }
    }

    /** The pair of {@code x} and {@code y} in either order. */
    public static HostPair of(final String x, final String y) {
        return x.compareTo(y) < 0 ? new HostPair(x, y) : new HostPair(y, x);
    }

    /** Whether {@code host} is one end. */
    public boolean has(final String host) {
        return a.equals(host) || b.equals(host);
    }

    /** The other end from {@code host}. */
    public String other(final String host) {
        return a.equals(host) ? b : a;
    }

    @Override
    public int compareTo(final HostPair o) {
        final int c = a.compareTo(o.a);
        return c != 0 ? c : b.compareTo(o.b);
    }

    @Override
    public String toString() {
        return a + "-" + b;
    }
}
