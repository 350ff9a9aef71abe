package org.vnet.daemon.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import io.netty.handler.codec.http.FullHttpRequest;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import org.vnet.daemon.control.RequestObserver;
import org.vnet.daemon.http.HttpReply;
import org.vnet.daemon.http.HttpRoute;

/**
 * {@code GET /metrics}: a registry of its own holding the daemon's collector, the JVM metrics and
 * the control latency histogram, written in the Prometheus text exposition format (0.0.4).
 */
public final class MetricsRoute implements HttpRoute {
    /** The path served. */
    public static final String PATH = "/metrics";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Histogram controlLatency;

    /** Registers {@code daemon} and the JVM metrics. */
    public MetricsRoute(final DaemonCollector daemon) {
        registry.register(daemon);
        JvmMetrics.builder().register(registry);
        controlLatency = Histogram.builder()
            .name("vnet_control_request_duration_seconds")
            .help("Time the daemon took to answer a control request, by command")
            .unit(Unit.SECONDS)
            .labelNames("command")
            .classicOnly()
            .classicUpperBounds(0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5)
            .register(registry);
    }

    /** Feeds the control latency histogram: give it to {@code ControlServer.observe}. */
    public RequestObserver controlObserver() {
        return (command, nanos) -> controlLatency.labelValues(command).observe(nanos / 1e9);
    }

    /** The exposition of every metric now. */
    public byte[] scrape() throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        writer.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        return out.toByteArray();
    }

    @Override
    public HttpReply answer(final FullHttpRequest request) throws IOException {
        return HttpReply.ok(writer.getContentType(), scrape());
    }
}
