package org.vnet.optimiser;

import java.util.Arrays;

/**
 * Modified Dijkstra searches over a {@link Model}'s links. The widest search maximises a path's bottleneck (the
 * smallest per-link width on it, e.g. the residual bandwidth) and prefers the lower latency between equally wide
 * labels; the fastest search minimises latency and prefers the wider label. The bottleneck (resp. the latency) is
 * optimal; the tie-breaker is applied label by label, so it is not guaranteed optimal.
 */
final class WidestPath {
    private final Model model;
    private final double[] width;
    private final double[] latency;
    private final int[] via;
    private final boolean[] done;
    private final int[] heap;
    private final int[] slot;
    private int size;
    private int source;
    private boolean fastest;

    WidestPath(final Model model) {
        this.model = model;
        final int n = model.nodes.length;
        width = new double[n];
        latency = new double[n];
        via = new int[n];
        done = new boolean[n];
        heap = new int[n];
        slot = new int[n];
    }

    /**
     * The widest path from {@code src} to {@code dst}.
     *
     * @param linkWidth the width of each link.
     * @param banned    links not to use, or null.
     * @return the path, or null when {@code dst} cannot be reached.
     */
    Path widest(final int src, final int dst, final double[] linkWidth, final boolean[] banned) {
        fastest = false;
        search(src, dst, linkWidth, banned);
        return path(src, dst);
    }

    /** The lowest-latency path from {@code src} to {@code dst} (ties: wider by {@code linkWidth}), or null. */
    Path fastest(final int src, final int dst, final double[] linkWidth) {
        fastest = true;
        search(src, dst, linkWidth, null);
        return path(src, dst);
    }

    /**
     * Widest search from {@code src} to every node; {@link #width(int)}, {@link #latency(int)} and {@link #pathTo(int)}
     * read the result.
     */
    void widestFrom(final int src, final double[] linkWidth) {
        fastest = false;
        search(src, -1, linkWidth, null);
    }

    /** Fastest search from {@code src} to every node, read like {@link #widestFrom}. */
    void fastestFrom(final int src, final double[] linkWidth) {
        fastest = true;
        search(src, -1, linkWidth, null);
    }

    /** The path to {@code dst} found by the last search from every node, or null when unreached. */
    Path pathTo(final int dst) {
        return path(source, dst);
    }

    double width(final int node) {
        return width[node];
    }

    double latency(final int node) {
        return latency[node];
    }

    private void search(final int src, final int dst, final double[] linkWidth, final boolean[] banned) {
        source = src;
        Arrays.fill(width, Double.NEGATIVE_INFINITY);
        Arrays.fill(latency, Double.POSITIVE_INFINITY);
        Arrays.fill(via, -1);
        Arrays.fill(done, false);
        Arrays.fill(slot, -1);
        size = 0;
        width[src] = Double.POSITIVE_INFINITY;
        latency[src] = 0;
        offer(src);
        while (size > 0) {
            final int u = poll();
            done[u] = true;
            if (u == dst) {
                return;
            }
            for (final int e : model.nodeLinks[u]) {
                final int v = model.across(e, u);
                if (done[v] || (banned != null && banned[e])) {
                    continue;
                }
                final double w = Math.min(width[u], linkWidth[e]);
                final double l = latency[u] + model.latency[e];
                if (better(w, l, width[v], latency[v])) {
                    width[v] = w;
                    latency[v] = l;
                    via[v] = e;
                    offer(v);
                }
            }
        }
    }

    private boolean better(final double w, final double l, final double otherW, final double otherL) {
        if (fastest) {
            return l < otherL || (l == otherL && w > otherW);
        }
        return w > otherW || (w == otherW && l < otherL);
    }

    private Path path(final int src, final int dst) {
        if (src == dst) {
            return new Path(new int[]{src}, new int[0], 0);
        }
        if (via[dst] < 0) {
            return null;
        }
        int hops = 0;
        for (int n = dst; n != src; n = model.across(via[n], n)) {
            hops++;
        }
        final int[] nodes = new int[hops + 1];
        final int[] links = new int[hops];
        int n = dst;
        for (int i = hops; i > 0; i--) {
            nodes[i] = n;
            links[i - 1] = via[n];
            n = model.across(via[n], n);
        }
        nodes[0] = src;
        return new Path(nodes, links, latency[dst]);
    }

    /** Adds {@code node} to the heap or moves it up after its label improved. */
    private void offer(final int node) {
        int i = slot[node];
        if (i < 0) {
            i = size++;
        }
        while (i > 0) {
            final int parent = (i - 1) >> 1;
            if (!before(node, heap[parent])) {
                break;
            }
            put(heap[parent], i);
            i = parent;
        }
        put(node, i);
    }

    private int poll() {
        final int top = heap[0];
        slot[top] = -1;
        final int last = heap[--size];
        if (size > 0) {
            int i = 0;
            while (true) {
                final int left = 2 * i + 1;
                if (left >= size) {
                    break;
                }
                final int child = left + 1 < size && before(heap[left + 1], heap[left]) ? left + 1 : left;
                if (!before(heap[child], last)) {
                    break;
                }
                put(heap[child], i);
                i = child;
            }
            put(last, i);
        }
        return top;
    }

    private boolean before(final int x, final int y) {
        return better(width[x], latency[x], width[y], latency[y]);
    }

    private void put(final int node, final int i) {
        heap[i] = node;
        slot[node] = i;
    }
}
