package org.vnet.inference.engine;

import org.vnet.inference.bic.BicSummary;
import org.vnet.inference.rir.RirResult;
import org.vnet.inference.vttif.ChangeDetector;
import org.vnet.inference.vttif.Topology;
import org.vnet.inference.vttif.TrafficMatrix;

import java.util.List;
import java.util.Map;

/**
 * Immutable outcome of an analysis. Endpoints are identified by MAC (a long); provisional endpoints (known only by
 * an IP, from captures without destination MACs) have {@link Endpoint#provisional()} set. Absent values are null
 * or carry a reason: nothing is made up.
 */
public record AnalysisResult(
    Summary summary,
    List<Endpoint> endpoints,
    List<TrafficMatrix.Entry> matrix,
    List<TrafficMatrix.Entry> denoisedMatrix,
    Topology topology,
    List<ChangeDetector.Change> topologyChanges,
    List<ChangeDetector.Interval> measurementIntervals,
    Map<Integer, List<TrafficMatrix.Entry>> recentMatrices,
    Map<Long, RirResult> rir,
    Map<Long, EndpointBic> bic,
    BicSummary bicSummary,
    List<PairTime> timeDecomposition,
    List<PathEstimate> network)
{
    /** Totals over the analysed events. */
    public record Summary(
        long events, long applicationEvents, long noiseEvents, long duplicates, long malformed, long tcpEvents,
        long bytes, long firstNs, long lastNs, double durationSeconds, List<String> notes)
    {
    }

    /** One endpoint (VM) with its addresses and traffic. */
    public record Endpoint(
        long mac, boolean provisional, List<String> ips, long framesSent, long bytesSent, long framesReceived,
        long bytesReceived)
    {
    }

    /**
     * BIC delay of one endpoint, in total and per recipient, with the 16 event-pair counts, and the fraction of
     * its messages that started after the peer's message of the same ordinal (it sent last; null without
     * two-way messages).
     */
    public record EndpointBic(
        double delaySeconds, Map<Long, Double> byPeerSeconds, long events, Map<String, Long> pairCounts,
        Double lateFraction)
    {
    }

    /**
     * Global time decomposition of one directed pair: messages are trains of payload frames closer than the
     * message gap; a message's latency is the one-way delay of the path (half its low-quantile data-to-ACK RTT, not
     * the raw ACK delay, which delayed ACKs inflate by up to 40 ms); its transfer time is its first-to-last frame
     * time plus that latency; bandwidth is bytes over cumulative transfer time. Without TCP the latency is null.
     */
    public record PairTime(
        long src, long dst, long messages, long bytes, double cumulativeLatencySeconds, Double averageLatencySeconds,
        double cumulativeTransferSeconds, Double averageBandwidthBitsPerSecond)
    {
    }

    /**
     * Passive measurement of the path from {@code src} to {@code dst} from the application's own packets: RTT from
     * data-to-ACK samples, and available bandwidth bracketed by packet trains whose RTT stayed flat (lower bound)
     * or rose (upper bound).
     */
    public record PathEstimate(
        long src, long dst, long rttSamples, Double rttMinSeconds, Double rttMedianSeconds, long trains,
        Double availableBandwidthBitsPerSecond, Double lowerBoundBitsPerSecond, Double upperBoundBitsPerSecond,
        String note)
    {
    }
}
