package org.vnet.daemon.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.vnet.daemon.inference.GlobalView;
import org.vnet.inference.packet.Mac;
import java.util.List;

import org.vnet.inference.engine.AnalysisResult;
import org.vnet.inference.engine.InferenceConfig;
import org.vnet.inference.vttif.Topology;
import org.vnet.inference.vttif.TopologyClassifier;
import org.vnet.inference.vttif.TrafficMatrix;

/** JSON shapes of the global view: topology (class, dims, nodes, edges by MAC) and matrix entries. */
final class GlobalJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GlobalJson() {
    }

    static ObjectNode topology(final GlobalView.Result g) {
        final Topology t = g.topology();
        final ObjectNode node = NODES.objectNode();
        node.put("class", t.className());
        final ArrayNode dims = node.putArray("dims");
        t.dims().forEach(dims::add);
        node.put("nodes", t.nodes().size());
        final ArrayNode edges = node.putArray("edges");
        for (final long[] e : t.edges()) {
            edges.addArray().add(Mac.format(e[0])).add(Mac.format(e[1]));
        }
        final ArrayNode alternatives = node.putArray("alternatives");
        t.alternatives().forEach(alternatives::add);
        node.put("note", t.note() == null ? "" : t.note());
        return node;
    }

    static ArrayNode matrix(final GlobalView.Result g) {
        final ArrayNode a = NODES.arrayNode();
        for (final TrafficMatrix.Entry e : g.matrix().entries()) {
            a.addObject().put("src", Mac.format(e.srcMac())).put("dst", Mac.format(e.dstMac()))
                .put("bytes", e.bytes()).put("frames", e.frames());
        }
        return a;
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
            List.of("this daemon, last " + level + " s"), false);
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

    static ArrayNode observers(final GlobalView.Result g) {
        final ArrayNode a = NODES.arrayNode();
        g.observers().forEach(a::add);
        return a;
    }
}
