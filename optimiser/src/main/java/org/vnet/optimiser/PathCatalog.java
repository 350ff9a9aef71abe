package org.vnet.optimiser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Up to {@link #CANDIDATES} alternative paths per host pair in the unloaded network: the widest path, the
 * lowest-latency path, then the widest paths that avoid one of the {@link #AVOIDED} narrowest links of the widest path.
 * A pair's candidates are computed when first asked for, together with those of every pair from the same lower-numbered
 * host (two searches from that host find the widest and fastest paths of all of them). Paths run from the lower host
 * number to the higher; both directions share them.
 */
final class PathCatalog {
    /** Paths kept per host pair. */
    static final int CANDIDATES = 4;
    /** The narrowest links of the widest path that are each avoided once to find alternatives. */
    static final int AVOIDED = 2;
    static long NS; static int BUILDS;

    private final Model model;
    private final WidestPath search;
    private final Path[][] paths;
    private final boolean[] banned;
    private final Path[][] local;

    PathCatalog(final Model model) {
        this.model = model;
        search = new WidestPath(model);
        paths = new Path[model.hostCount * model.hostCount][];
        banned = new boolean[model.bandwidth.length];
        local = new Path[model.hostCount][];
        for (int h = 0; h < model.hostCount; h++) {
            local[h] = new Path[]{model.local[h]};
        }
    }

    /** The candidates between hosts {@code a} and {@code b}, widest first; one local path when {@code a == b}. */
    Path[] between(final int a, final int b) {
        if (a == b) {
            return local[a];
        }
        final int lo = Math.min(a, b);
        final int hi = Math.max(a, b);
        final int key = lo * model.hostCount + hi;
        if (paths[key] == null) {
            buildFrom(lo);
        }
        return paths[key];
    }

    /** Builds the candidates of every pair from host {@code a} to a higher host number. */
    private void buildFrom(final int a) {
        final int hosts = model.hostCount;
        final Path[] widest = new Path[hosts];
        search.widestFrom(a, model.bandwidth);
        for (int b = a + 1; b < hosts; b++) {
            widest[b] = search.pathTo(b);
        }
        final Path[] fastest = new Path[hosts];
        search.fastestFrom(a, model.bandwidth);
        for (int b = a + 1; b < hosts; b++) {
            fastest[b] = search.pathTo(b);
        }
        for (int b = a + 1; b < hosts; b++) {
            final List<Path> found = new ArrayList<>();
            found.add(widest[b]);
            addIfNew(found, fastest[b]);
            final Integer[] byWidth = Arrays.stream(widest[b].links()).boxed().toArray(Integer[]::new);
            Arrays.sort(byWidth, (x, y) -> Double.compare(model.bandwidth[x], model.bandwidth[y]));
            for (int i = 0; i < Math.min(byWidth.length, AVOIDED) && found.size() < CANDIDATES; i++) {
                banned[byWidth[i]] = true;
                addIfNew(found, search.widest(a, b, model.bandwidth, banned));
                banned[byWidth[i]] = false;
            }
            paths[a * hosts + b] = found.toArray(new Path[0]);
        }
    }

    private static void addIfNew(final List<Path> found, final Path path) {
        if (path == null) {
            return;
        }
        for (final Path known : found) {
            if (known.sameLinks(path)) {
                return;
            }
        }
        found.add(path);
    }
}
