package org.vnet.daemon.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.vnet.daemon.inference.GlobalView;
import org.vnet.inference.packet.Mac;
import org.vnet.inference.engine.AnalysisResult;
import org.vnet.inference.engine.InferenceConfig;
import org.vnet.inference.vttif.Topology;
import org.vnet.inference.vttif.TopologyClassifier;
import org.vnet.inference.vttif.TrafficMatrix;
import org.vnet.protocol.Replies;

/** The global view as protocol records: topology (class, dims, nodes, edges by MAC) and matrix entries. */
final class InferenceReplies {
    private InferenceReplies() {
    }

    static Replies.TopologyInfo topology(final GlobalView.Result g) {
        final Topology t = g.topology();
        final List<List<String>> edges = new ArrayList<>(t.edges().size());
        for (final long[] e : t.edges()) {
            edges.add(List.of(Mac.format(e[0]), Mac.format(e[1])));
        }
        return new Replies.TopologyInfo(t.className(), List.copyOf(t.dims()), t.nodes().size(), edges,
            List.copyOf(t.alternatives()), t.note() == null ? "" : t.note());
    }

    static List<Replies.MatrixEntry> matrix(final GlobalView.Result g) {
        final List<Replies.MatrixEntry> entries = new ArrayList<>();
        for (final TrafficMatrix.Entry e : g.matrix().entries()) {
            entries.add(new Replies.MatrixEntry(Mac.format(e.srcMac()), Mac.format(e.dstMac()), e.bytes(), e.frames()));
        }
        return entries;
    }

    /**
     * This daemon's matrix over the last {@code seconds} (the smallest kept resolution that covers
     * them), as a view of its own: multi-resolution matrices are kept per daemon, not reduced.
     */
    static GlobalView.Result recent(final AnalysisResult a, final int seconds) {
        final int level = level(a, seconds);
        final TrafficMatrix m = new TrafficMatrix();
        for (final TrafficMatrix.Entry e : a.recentMatrices().getOrDefault(level, List.of())) {
            m.add(e.srcMac(), e.dstMac(), e.bytes(), e.frames());
        }
        return new GlobalView.Result(m, TopologyClassifier.classify(m.denoise(InferenceConfig.ALPHA_DEFAULT)),
            List.of("this daemon, last " + level + " s"), false, Map.of(), Map.of());
    }

    /** The smallest kept resolution covering {@code seconds}, else the largest kept. */
    static int level(final AnalysisResult a, final int seconds) {
        int best = -1;
        int largest = 0;
        for (final int level : a.recentMatrices().keySet()) {
            largest = Math.max(largest, level);
            if (level >= seconds && (best < 0 || level < best)) {
                best = level;
            }
        }
        return best < 0 ? largest : best;
    }
}
