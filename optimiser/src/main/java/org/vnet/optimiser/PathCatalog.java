package org.vnet.optimiser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Up to {@link #CANDIDATES} alternative paths per host pair in the unloaded network, computed when first asked
 * for: the widest path, the lowest-latency path, then the widest paths that avoid one link of the widest path (its
 * {@code 2 * CANDIDATES} narrowest links, narrowest first). Paths run from the lower host number to the higher; both
 * directions share them.
 */
final class PathCatalog {
    /** Paths kept per host pair. */
    static final int CANDIDATES = 4;

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
            paths[key] = build(lo, hi);
        }
        return paths[key];
    }

    private Path[] build(final int a, final int b) {
        final List<Path> found = new ArrayList<>();
        final Path widest = search.widest(a, b, model.bandwidth, null);
        found.add(widest);
        addIfNew(found, search.fastest(a, b, model.bandwidth));
        final Integer[] byWidth = Arrays.stream(widest.links()).boxed().toArray(Integer[]::new);
        Arrays.sort(byWidth, (x, y) -> Double.compare(model.bandwidth[x], model.bandwidth[y]));
        for (int i = 0; i < Math.min(byWidth.length, 2 * CANDIDATES) && found.size() < CANDIDATES; i++) {
            banned[byWidth[i]] = true;
            addIfNew(found, search.widest(a, b, model.bandwidth, banned));
            banned[byWidth[i]] = false;
        }
        return found.toArray(new Path[0]);
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
