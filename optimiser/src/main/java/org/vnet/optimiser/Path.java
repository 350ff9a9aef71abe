package org.vnet.optimiser;

import java.util.Arrays;

/**
 * A loop-free path as node and link indices of a {@link Model}; one node and no link when it stays on a host.
 *
 * @param nodes   the nodes in order.
 * @param links   the links in order, one fewer than the nodes.
 * @param latency the sum of the links' latencies in microseconds.
 */
record Path(int[] nodes, int[] links, double latency) {
    int first() {
        return nodes[0];
    }

    boolean sameLinks(final Path other) {
        return Arrays.equals(links, other.links);
    }
}
