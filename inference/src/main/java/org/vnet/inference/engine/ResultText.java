package org.vnet.inference.engine;

import org.vnet.inference.bic.BicSummary;
import org.vnet.inference.rir.RirResult;
import org.vnet.inference.vttif.Topology;
import org.vnet.inference.vttif.TrafficMatrix;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders an {@link AnalysisResult} as a readable plain-text report.
 */
public final class ResultText
{
    private static final int MAX_ROWS = 40;

    private ResultText()
    {
    }

    /**
     * @param result analysis.
     * @return the report.
     */
    public static String render(final AnalysisResult result)
    {
        final Map<Long, String> names = new HashMap<>();
        for (final AnalysisResult.Endpoint e : result.endpoints())
        {
            names.put(e.mac(), InferenceEngine.endpointName(e.mac(), e.ips()));
        }
        final StringBuilder out = new StringBuilder();
        final AnalysisResult.Summary s = result.summary();
        line(out, "Capture: %d frames (%d application, %d noise, %d duplicates, %d malformed), %.3f s",
            s.events(), s.applicationEvents(), s.noiseEvents(), s.duplicates(), s.malformed(), s.durationSeconds());
        for (final String note : s.notes())
        {
            line(out, "  note: %s", note);
        }

        line(out, "%nEndpoints (%d)", result.endpoints().size());
        line(out, "  %-20s %-30s %10s %14s %10s %14s", "MAC", "IPs", "frames tx", "bytes tx", "frames rx", "bytes rx");
        for (final AnalysisResult.Endpoint e : result.endpoints())
        {
            line(out, "  %-20s %-30s %10d %14d %10d %14d", name(names, e.mac()), String.join(",", e.ips()),
                e.framesSent(), e.bytesSent(), e.framesReceived(), e.bytesReceived());
        }

        line(out, "%nTraffic matrix (%d cells, largest first)", result.matrix().size());
        rows(out, result.matrix(), names);
        line(out, "%nDenoised matrix (%d cells)", result.denoisedMatrix().size());
        rows(out, result.denoisedMatrix(), names);

        final Topology t = result.topology();
        line(out, "%nTopology: %s%s (%d nodes, %d edges)%s", t.className(), dims(t.dims()), t.nodes().size(),
            t.edges().size(), t.note().isEmpty() ? "" : " - " + t.note());
        if (!t.alternatives().isEmpty())
        {
            line(out, "  also isomorphic to: %s", String.join(", ", t.alternatives()));
        }
        line(out, "  topology changes reported: %d", result.topologyChanges().size());

        line(out, "%nRIR (round-trip iteration rate, iterations/s)");
        for (final Map.Entry<Long, RirResult> e : result.rir().entrySet())
        {
            final RirResult r = e.getValue();
            if (!r.available())
            {
                line(out, "  %-20s unavailable: %s", name(names, e.getKey()), r.reason());
                continue;
            }
            line(out, "  %-20s avg %8.2f  RTT %9.1f us%s  qualifying %d/%d  period %s  %s",
                name(names, e.getKey()), r.avg(), r.rttNs() / 1e3, r.rttFromFallback() ? " (global)" : "",
                r.qualifyingSends(), r.sends(),
                r.periodSeconds() == null ? "none" : String.format(Locale.ROOT, "%.2f s", r.periodSeconds()),
                r.adequate() ? "adequate" : "INADEQUATE: " + r.adequacy());
        }

        line(out, "%nBIC (ball in the court)");
        for (final Map.Entry<Long, AnalysisResult.EndpointBic> e : result.bic().entrySet())
        {
            line(out, "  %-20s delay %10.4f s over %d events, sent last in %s of exchanges", name(names, e.getKey()),
                e.getValue().delaySeconds(), e.getValue().events(), e.getValue().lateFraction() == null ? "n/a" :
                    String.format(Locale.ROOT, "%.0f%%", e.getValue().lateFraction() * 100));
        }
        final BicSummary b = result.bicSummary();
        if (!b.available())
        {
            line(out, "  summary unavailable: %s", b.reason());
        }
        else
        {
            line(out, "  loaded: %s%s", b.loaded() == null ? "none" : name(names, b.loaded()),
                b.reason().isEmpty() ? "" : " (" + b.reason() + ")");
            line(out, "  imbalance %.4f s, std-dev %.4f s, squared distance %.6f s^2", b.imbalanceSeconds(),
                b.stdDevSeconds(), b.squaredDistance());
            line(out, "  slowdown estimate %.3f (range %.3f pessimistic .. %.3f optimistic), runtime %.3f s",
                b.slowdownEstimate(), b.slowdownPessimistic(), b.slowdownOptimistic(), b.runtimeSeconds());
        }

        line(out, "%nTime decomposition (per directed pair)");
        int rows = 0;
        for (final AnalysisResult.PairTime p : result.timeDecomposition())
        {
            if (rows++ == MAX_ROWS)
            {
                line(out, "  ... %d more", result.timeDecomposition().size() - MAX_ROWS);
                break;
            }
            line(out, "  %-20s -> %-20s msgs %7d  bytes %12d  latency %s  transfer %.4f s  bandwidth %s",
                name(names, p.src()), name(names, p.dst()), p.messages(), p.bytes(),
                p.averageLatencySeconds() == null ? "n/a" :
                    String.format(Locale.ROOT, "avg %.1f us", p.averageLatencySeconds() * 1e6),
                p.cumulativeTransferSeconds(), bps(p.averageBandwidthBitsPerSecond()));
        }

        line(out, "%nNetwork (passive, per path)");
        rows = 0;
        for (final AnalysisResult.PathEstimate p : result.network())
        {
            if (rows++ == MAX_ROWS)
            {
                line(out, "  ... %d more", result.network().size() - MAX_ROWS);
                break;
            }
            line(out, "  %-20s -> %-20s RTT min %s median %s (%d samples)  available bw %s %s",
                name(names, p.src()), name(names, p.dst()), micros(p.rttMinSeconds()), micros(p.rttMedianSeconds()),
                p.rttSamples(), bps(p.availableBandwidthBitsPerSecond()), p.note());
        }
        return out.toString();
    }

    private static void rows(final StringBuilder out, final List<TrafficMatrix.Entry> entries,
        final Map<Long, String> names)
    {
        int rows = 0;
        for (final TrafficMatrix.Entry e : entries)
        {
            if (rows++ == MAX_ROWS)
            {
                line(out, "  ... %d more", entries.size() - MAX_ROWS);
                break;
            }
            line(out, "  %-20s -> %-20s %14d bytes %10d frames", name(names, e.srcMac()), name(names, e.dstMac()),
                e.bytes(), e.frames());
        }
    }

    private static String name(final Map<Long, String> names, final long key)
    {
        return names.computeIfAbsent(key, k -> InferenceEngine.endpointName(k, List.of()));
    }

    private static String dims(final List<Integer> dims)
    {
        if (dims.isEmpty())
        {
            return "";
        }
        final StringBuilder sb = new StringBuilder(" ");
        for (int i = 0; i < dims.size(); i++)
        {
            sb.append(i > 0 ? "x" : "").append(dims.get(i));
        }
        return sb.toString();
    }

    private static String micros(final Double seconds)
    {
        return seconds == null ? "n/a" : String.format(Locale.ROOT, "%.1f us", seconds * 1e6);
    }

    private static String bps(final Double bps)
    {
        return bps == null ? "n/a" : String.format(Locale.ROOT, "%.2f Mbit/s", bps / 1e6);
    }

    private static void line(final StringBuilder out, final String format, final Object... args)
    {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
