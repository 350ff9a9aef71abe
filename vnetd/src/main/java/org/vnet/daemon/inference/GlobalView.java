package org.vnet.daemon.inference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.vnet.inference.vttif.Topology;
import org.vnet.inference.vttif.TopologyClassifier;
import org.vnet.inference.vttif.TrafficMatrix;

/**
 * The application's traffic matrix across every daemon (VTTIF's global reduction). Each daemon
 * sends its own matrix (LOCAL) to its peers; a hub reduces what it hears into a GLOBAL matrix and
 * sends that back, so a daemon that only talks to the hub still sees the whole application.
 * The reduction takes, for each (source, destination) pair, the largest count any daemon saw:
 * a frame between two VMs is seen by its sender's daemon, by the receiver's and by a hub between
 * them, so summing would count it two or three times, while every daemon on the path sees all of
 * the pair's frames. What a daemon has not said for {@link #FRESH_MILLIS} ages out (it left) and is
 * pruned. A summary is kept per link it arrived on, not per the name it declares, and replaces that
 * link's previous one: a peer sending under many names holds one entry, so the view is bounded by
 * the links (and by {@link #MAX_SOURCES} when the link is not known).
 * Used only by the inference agent's thread.
 */
public final class GlobalView {
    /** Summaries older than this no longer count. */
    public static final long FRESH_MILLIS = 6_000;
    /** Most summaries kept at once; past it a new source is dropped until old ones age out. */
    public static final int MAX_SOURCES = 4_096;

    /**
     * A reduced matrix, its topology and the daemons it came from.
     *
     * @param matrix    the reduced matrix (cumulative bytes and frames per VM pair)
     * @param topology  the topology inferred from it
     * @param observers the daemons whose summaries are in it
     * @param fromHub   whether a hub's reduction is in it
     * @param hosts     VM MAC to the daemon that has it on an interface (this one's and fresh peers')
     * @param links     daemon name to the link its summaries arrive on (peers heard directly)
     */
    public record Result(TrafficMatrix matrix, Topology topology, List<String> observers, boolean fromHub,
                         Map<Long, String> hosts, Map<String, String> links) {
    }

    private record Heard(Summary summary, long atMillis, String link) {
    }

    private record Pair(long src, long dst) {
    }

    private final String self;
    private final boolean hub;
    private final Map<String, Heard> locals = new HashMap<>();
    private Heard global;
    private long[] ownMacs = new long[0];

    /**
     * @param self this daemon's name
     * @param hub  whether this daemon reduces for the others
     */
    public GlobalView(final String self, final boolean hub) {
        this.self = self;
        this.hub = hub;
    }

    /** Takes in a peer's summary (heard on no particular link). */
    public void onSummary(final Summary s, final long nowMillis) {
        onSummary(s, null, nowMillis);
    }

    /** Takes in a peer's summary, heard on {@code link} (null if unknown). */
    public void onSummary(final Summary s, final String link, final long nowMillis) {
        if (s.daemon().equals(self)) {
            return;
        }
        if (s.kind() == Summary.GLOBAL) {
            global = new Heard(s, nowMillis, link);
            return;
        }
        final String key = link != null ? "link:" + link : "name:" + s.daemon();
        if (!locals.containsKey(key) && locals.size() >= MAX_SOURCES) {
            locals.values().removeIf(h -> !fresh(h, nowMillis));
            if (locals.size() >= MAX_SOURCES) {
                return;
            }
        }
        locals.put(key, new Heard(s, nowMillis, link));
    }

    /** Summaries kept now (fresh or not yet pruned). */
    public int sources() {
        return locals.size();
    }

    /** The MACs on this daemon's own interfaces (sent in its summaries, and in {@link Result#hosts}). */
    public void localMacs(final long[] macs) {
        this.ownMacs = macs;
    }

    /** What this daemon tells its peers now: its own matrix, or, at a hub, the reduction. */
    public Summary outgoing(final TrafficMatrix own, final long nowMillis) {
        if (hub) {
            return new Summary(Summary.GLOBAL, self, reduce(own, nowMillis).entries(), ownMacs);
        }
        return new Summary(Summary.LOCAL, self, own.entries(), ownMacs);
    }

    /** The reduced view and its topology after alpha-denoising. */
    public Result result(final TrafficMatrix own, final double alpha, final long nowMillis) {
        final TrafficMatrix m = reduce(own, nowMillis);
        final Topology topology = TopologyClassifier.classify(m.denoise(alpha));
        final TreeSet<String> observers = new TreeSet<>();
        observers.add(self);
        locals.values().forEach(h -> observers.add(h.summary().daemon()));
        final boolean fromHub = !hub && fresh(global, nowMillis);
        if (fromHub) {
            observers.add(global.summary().daemon() + " (hub)");
        }
        final Map<Long, String> hosts = new HashMap<>();
        final Map<String, String> links = new HashMap<>();
        for (final Heard h : locals.values()) {
            final String name = h.summary().daemon();
            for (final long mac : h.summary().localMacs()) {
                hosts.put(mac, name);
            }
            if (h.link() != null) {
                links.put(name, h.link());
            }
        }
        for (final long mac : ownMacs) {
            hosts.put(mac, self);
        }
        return new Result(m, topology, new ArrayList<>(observers), fromHub, Map.copyOf(hosts), Map.copyOf(links));
    }

    private TrafficMatrix reduce(final TrafficMatrix own, final long nowMillis) {
        locals.values().removeIf(h -> !fresh(h, nowMillis));
        final Map<Pair, long[]> max = new LinkedHashMap<>();
        take(max, own.entries());
        for (final Heard h : locals.values()) {
            if (fresh(h, nowMillis)) {
                take(max, h.summary().entries());
            }
        }
        if (!hub && fresh(global, nowMillis)) {
            take(max, global.summary().entries());
        }
        final TrafficMatrix m = new TrafficMatrix();
        max.forEach((p, v) -> m.add(p.src(), p.dst(), v[0], v[1]));
        return m;
    }

    private static void take(final Map<Pair, long[]> max, final List<TrafficMatrix.Entry> entries) {
        for (final TrafficMatrix.Entry e : entries) {
            final long[] v = max.computeIfAbsent(new Pair(e.srcMac(), e.dstMac()), k -> new long[2]);
            v[0] = Math.max(v[0], e.bytes());
            v[1] = Math.max(v[1], e.frames());
        }
    }

    private static boolean fresh(final Heard h, final long nowMillis) {
        return h != null && nowMillis - h.atMillis() <= FRESH_MILLIS;
    }
}
