package org.vnet.inference.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vnet.inference.bic.BicSummary;
import org.vnet.inference.rir.RirResult;
import org.vnet.inference.vttif.ChangeDetector;
import org.vnet.inference.vttif.Topology;
import org.vnet.inference.vttif.TrafficMatrix;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders an {@link AnalysisResult} as one JSON document with the keys {@code summary, endpoints, matrix,
 * topology, topologyChanges, recent, rir, bic, bicSummary, timeDecomposition, network}; endpoints are named by
 * MAC ({@code ip:ADDRESS} for provisional ones), unavailable numbers are null with a reason beside them.
 */
public final class ResultJson
{
    /** Longer RIR series are averaged in blocks so the document stays readable. */
    public static final int MAX_SERIES_POINTS = 10_000;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultJson()
    {
    }

    /**
     * @param result analysis.
     * @return the JSON text (pretty-printed).
     */
    public static String render(final AnalysisResult result)
    {
        try
        {
            return MAPPER.writeValueAsString(toTree(result));
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("cannot render result", ex);
        }
    }

    /**
     * @param result analysis.
     * @return the JSON tree.
     */
    public static ObjectNode toTree(final AnalysisResult result)
    {
        final Map<Long, String> names = new HashMap<>();
        for (final AnalysisResult.Endpoint e : result.endpoints())
        {
            names.put(e.mac(), InferenceEngine.endpointName(e.mac(), e.ips()));
        }
        final Namer name = key -> names.computeIfAbsent(key, k -> InferenceEngine.endpointName(k, List.of()));
        final ObjectNode root = MAPPER.createObjectNode();

        final AnalysisResult.Summary s = result.summary();
        final ObjectNode summary = root.putObject("summary");
        summary.put("events", s.events());
        summary.put("applicationEvents", s.applicationEvents());
        summary.put("noiseEvents", s.noiseEvents());
        summary.put("duplicates", s.duplicates());
        summary.put("malformed", s.malformed());
        summary.put("tcpEvents", s.tcpEvents());
        summary.put("bytes", s.bytes());
        summary.put("durationSeconds", s.durationSeconds());
        final ArrayNode notes = summary.putArray("notes");
        s.notes().forEach(notes::add);

        final ArrayNode endpoints = root.putArray("endpoints");
        for (final AnalysisResult.Endpoint e : result.endpoints())
        {
            final ObjectNode node = endpoints.addObject();
            node.put("mac", name.of(e.mac()));
            node.put("provisional", e.provisional());
            final ArrayNode ips = node.putArray("ips");
            e.ips().forEach(ips::add);
            node.put("framesSent", e.framesSent());
            node.put("bytesSent", e.bytesSent());
            node.put("framesReceived", e.framesReceived());
            node.put("bytesReceived", e.bytesReceived());
        }

        root.set("matrix", matrix(result.matrix(), name));
        root.set("denoisedMatrix", matrix(result.denoisedMatrix(), name));
        root.set("topology", topology(result.topology(), name));
        final ArrayNode changes = root.putArray("topologyChanges");
        for (final ChangeDetector.Change c : result.topologyChanges())
        {
            final ObjectNode node = changes.addObject();
            node.put("timeNs", c.timeNs());
            node.set("topology", topology(c.topology(), name));
        }
        final ObjectNode recent = root.putObject("recent");
        result.recentMatrices().forEach((seconds, entries) -> recent.set(seconds + "s", matrix(entries, name)));

        final ObjectNode rir = root.putObject("rir");
        for (final Map.Entry<Long, RirResult> e : result.rir().entrySet())
        {
            rir.set(name.of(e.getKey()), rir(e.getValue()));
        }

        final ObjectNode bic = root.putObject("bic");
        for (final Map.Entry<Long, AnalysisResult.EndpointBic> e : result.bic().entrySet())
        {
            final ObjectNode node = bic.putObject(name.of(e.getKey()));
            node.put("delaySeconds", e.getValue().delaySeconds());
            final ObjectNode byPeer = node.putObject("byPeer");
            e.getValue().byPeerSeconds().forEach((peer, seconds) -> byPeer.put(name.of(peer), seconds));
            node.put("events", e.getValue().events());
            putNullable(node, "lateFraction", e.getValue().lateFraction());
            final ObjectNode pairs = node.putObject("eventPairs");
            e.getValue().pairCounts().forEach(pairs::put);
        }
        root.set("bicSummary", bicSummary(result.bicSummary(), name));

        final ArrayNode times = root.putArray("timeDecomposition");
        for (final AnalysisResult.PairTime t : result.timeDecomposition())
        {
            final ObjectNode node = times.addObject();
            node.put("src", name.of(t.src()));
            node.put("dst", name.of(t.dst()));
            node.put("messages", t.messages());
            node.put("bytes", t.bytes());
            node.put("cumulativeLatencySeconds", t.cumulativeLatencySeconds());
            putNullable(node, "averageLatencySeconds", t.averageLatencySeconds());
            node.put("cumulativeTransferSeconds", t.cumulativeTransferSeconds());
            putNullable(node, "averageBandwidthBitsPerSecond", t.averageBandwidthBitsPerSecond());
        }
        final ArrayNode network = root.putArray("network");
        for (final AnalysisResult.PathEstimate p : result.network())
        {
            final ObjectNode node = network.addObject();
            node.put("src", name.of(p.src()));
            node.put("dst", name.of(p.dst()));
            node.put("rttSamples", p.rttSamples());
            putNullable(node, "rttMinSeconds", p.rttMinSeconds());
            putNullable(node, "rttMedianSeconds", p.rttMedianSeconds());
            node.put("trains", p.trains());
            putNullable(node, "availableBandwidthBitsPerSecond", p.availableBandwidthBitsPerSecond());
            putNullable(node, "lowerBoundBitsPerSecond", p.lowerBoundBitsPerSecond());
            putNullable(node, "upperBoundBitsPerSecond", p.upperBoundBitsPerSecond());
            node.put("note", p.note());
        }
        return root;
    }

    @FunctionalInterface
    private interface Namer
    {
        String of(long key);
    }

    private static ArrayNode matrix(final List<TrafficMatrix.Entry> entries, final Namer name)
    {
        final ArrayNode array = MAPPER.createArrayNode();
        for (final TrafficMatrix.Entry e : entries)
        {
            final ObjectNode node = array.addObject();
            node.put("src", name.of(e.srcMac()));
            node.put("dst", name.of(e.dstMac()));
            node.put("bytes", e.bytes());
            node.put("frames", e.frames());
        }
        return array;
    }

    private static ObjectNode topology(final Topology t, final Namer name)
    {
        final ObjectNode node = MAPPER.createObjectNode();
        node.put("class", t.className());
        final ArrayNode dims = node.putArray("dims");
        t.dims().forEach(dims::add);
        node.put("nodes", t.nodes().size());
        final ArrayNode edges = node.putArray("edges");
        for (final long[] edge : t.edges())
        {
            edges.addArray().add(name.of(edge[0])).add(name.of(edge[1]));
        }
        final ArrayNode alternatives = node.putArray("alternatives");
        t.alternatives().forEach(alternatives::add);
        node.put("note", t.note());
        return node;
    }

    private static ObjectNode rir(final RirResult r)
    {
        final ObjectNode node = MAPPER.createObjectNode();
        node.put("available", r.available());
        node.put("reason", r.reason());
        putNullable(node, "avg", r.available() ? r.avg() : null);
        final ArrayNode cdf = node.putArray("cdf");
        for (final double[] point : r.cdf())
        {
            cdf.addArray().add(point[0]).add(point[1]);
        }
        putNullable(node, "periodSeconds", r.periodSeconds());
        node.put("adequate", r.adequate());
        node.put("adequacy", r.adequacy());
        putNullable(node, "rttSeconds", r.rttNs() > 0 ? r.rttNs() / 1e9 : null);
        node.put("rttFromFallback", r.rttFromFallback());
        putNullable(node, "thresholdSeconds", r.available() ? r.thresholdNs() / 1e9 : null);
        node.put("sends", r.sends());
        node.put("qualifyingSends", r.qualifyingSends());
        node.put("windowSeconds", r.windowSeconds());
        node.put("slideSeconds", r.slideSeconds());
        node.put("dominantHz", r.dominantHz());
        node.put("energy95Hz", r.energy95Hz());
        final double[] values = r.series();
        final int stride = Math.max(1, (values.length + MAX_SERIES_POINTS - 1) / MAX_SERIES_POINTS);
        node.put("seriesSlideSeconds", r.slideSeconds() * stride);
        final ArrayNode series = node.putArray("series");
        for (int i = 0; i + stride <= values.length; i += stride)
        {
            double sum = 0;
            for (int j = i; j < i + stride; j++)
            {
                sum += values[j];
            }
            series.add(sum / stride);
        }
        return node;
    }

    private static ObjectNode bicSummary(final BicSummary b, final Namer name)
    {
        final ObjectNode node = MAPPER.createObjectNode();
        node.put("available", b.available());
        node.put("reason", b.reason());
        node.put("loaded", b.loaded() == null ? null : name.of(b.loaded()));
        final ArrayNode loadedEndpoints = node.putArray("loadedEndpoints");
        b.loadedEndpoints().forEach(mac -> loadedEndpoints.add(name.of(mac)));
        node.put("partner", b.partner() == null ? null : name.of(b.partner()));
        node.put("runtimeSeconds", b.runtimeSeconds());
        final ObjectNode imbalance = node.putObject("imbalance");
        imbalance.put("seconds", b.imbalanceSeconds());
        imbalance.put("stdDevSeconds", b.stdDevSeconds());
        imbalance.put("squaredDistance", b.squaredDistance());
        final ObjectNode processLevel = imbalance.putObject("processLevel");
        b.processLevel().forEach((mac, level) -> processLevel.put(name.of(mac), level));
        final ObjectNode slowdown = node.putObject("slowdown");
        putNullable(slowdown, "estimate", b.available() ? b.slowdownEstimate() : null);
        putNullable(slowdown, "optimistic", b.available() ? b.slowdownOptimistic() : null);
        putNullable(slowdown, "pessimistic", b.available() ? b.slowdownPessimistic() : null);
        putNullable(slowdown, "noLoadRuntimeOptimisticSeconds", b.available() ? b.noLoadOptimistic() : null);
        putNullable(slowdown, "noLoadRuntimePessimisticSeconds", b.available() ? b.noLoadPessimistic() : null);
        return node;
    }

    private static void putNullable(final ObjectNode node, final String key, final Double value)
    {
        if (value == null || !Double.isFinite(value))
        {
            node.putNull(key);
        }
        else
        {
            node.put(key, value.doubleValue());
        }
    }
}
