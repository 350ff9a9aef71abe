package org.vnet.optimiser;

/**
 * The objective of a mapping with its paths; higher is better.
 * <p>
 * With {@code d(f)} the rate of flow {@code f} (each directed VM pair with demand), {@code P(f)} its path,
 * {@code load(e)} the sum of {@code d(f)} over the flows whose path crosses link {@code e} and
 * {@code r(e) = bandwidth(e) - load(e)} the residual bandwidth:
 * <pre>
 *   bandwidth = sum over f of  min over e in P(f) of r(e)       (intraHostBandwidth when f stays on one host)
 *   meanLatencyMicros = sum over f of d(f) * latency(P(f)) / sum over f of d(f)
 *   value = bandwidth - LATENCY_WEIGHT * meanLatencyMicros
 * </pre>
 * A residual below zero (an over-subscribed link) counts as it is, so over-subscription lowers the score by the
 * overload once per flow that crosses the link.
 *
 * @param bandwidth         the sum of the flows' residual bottleneck bandwidths, bytes per second.
 * @param meanLatencyMicros the demand-weighted mean path latency in microseconds.
 */
public record Score(double bandwidth, double meanLatencyMicros) implements Comparable<Score> {
    /**
     * Bytes per second that one microsecond of mean latency costs: 0.001, so latency only breaks ties (one second of
     * mean latency weighs as much as 1000 B/s of residual bandwidth).
     */
    public static final double LATENCY_WEIGHT = 1e-3;

    /** The scalar the optimisers maximise. */
    public double value() {
        return bandwidth - LATENCY_WEIGHT * meanLatencyMicros;
    }

    @Override
    public int compareTo(final Score other) {
        return Double.compare(value(), other.value());
    }
}
