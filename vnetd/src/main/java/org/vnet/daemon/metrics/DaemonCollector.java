package org.vnet.daemon.metrics;

import java.util.Map;
import java.util.function.Supplier;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import org.vnet.daemon.control.CommandException;
import org.vnet.daemon.control.DaemonControl;
import org.vnet.daemon.inference.GlobalView;
import org.vnet.inference.bic.BicSummary;
import org.vnet.inference.engine.AnalysisResult;
import org.vnet.inference.packet.Mac;
import org.vnet.inference.rir.RirResult;
import org.vnet.inference.vttif.Topology;
import org.vnet.protocol.StatsSnapshot;

/**
 * The daemon's figures as Prometheus metrics, read at scrape time on the scraping thread: the
 * counters {@code vnetctl stats} shows (ports, links, rules, daemon, kernel data path), the
 * control server's counters, and the inference results (topology, RIR, BIC). Nothing is done on
 * the data plane: its counters are read as they are.
 */
public final class DaemonCollector implements MultiCollector {
    private static final Labels NONE = Labels.EMPTY;

    private final DaemonControl control;
    private final Supplier<Map<String, Long>> controlCounters;

    /**
     * @param control         the daemon (the conductor)
     * @param controlCounters the control server's counters by name ({@code control.requests}...)
     */
    public DaemonCollector(final DaemonControl control, final Supplier<Map<String, Long>> controlCounters) {
        this.control = control;
        this.controlCounters = controlCounters;
    }

    @Override
    public MetricSnapshots collect() {
        final Families f = new Families();
        stats(f, control.stats());
        control(f, controlCounters.get());
        inference(f);
        return f.build();
    }

    private static void stats(final Families f, final StatsSnapshot s) {
        for (final StatsSnapshot.PortStats p : s.ports()) {
            if ("link".equals(p.kind())) {
                final Labels l = Labels.of("link", p.name());
                port(f, "vnet_link", "link", l, p);
                f.gauge("vnet_link_up", "1 while the link is up (connected, or heard from within the keepalive window)",
                    null, l, "up".equals(p.state()) ? 1 : 0);
            } else {
                port(f, "vnet_port", "interface", Labels.of("port", p.name(), "kind", "tap"), p);
            }
        }
        for (final StatsSnapshot.RuleStats r : s.rules()) {
            f.counter("vnet_rule_sent_frames", "Frames sent by the forwarding rule", null,
                Labels.of("rule", Integer.toString(r.id())), r.frames());
        }
        s.system().forEach((name, value) -> f.counter("vnet_" + Families.snake(name),
            "Daemon counter " + name + " (as in vnetctl stats)", null, NONE, value));
        s.kernel().forEach((name, value) -> {
            if ("flowsInstalled".equals(name)) {
                f.gauge("vnet_kernel_flows", "Flows installed in the kernel data path", null, NONE, value);
            } else {
                f.counter("vnet_kernel_" + Families.snake(name), "Kernel data path counter " + name, null, NONE, value);
            }
        });
    }

    private static void port(final Families f, final String prefix, final String what, final Labels l,
                             final StatsSnapshot.PortStats p) {
        f.counter(prefix + "_rx_frames", "Frames received from the " + what, null, l, p.rxFrames());
        f.counter(prefix + "_rx_bytes", "Bytes received from the " + what, Unit.BYTES, l, p.rxBytes());
        f.counter(prefix + "_tx_frames", "Frames sent to the " + what, null, l, p.txFrames());
        f.counter(prefix + "_tx_bytes", "Bytes sent to the " + what, Unit.BYTES, l, p.txBytes());
        f.counter(prefix + "_drops", "Frames dropped on the " + what, null, l, p.drops());
    }

    private static void control(final Families f, final Map<String, Long> counters) {
        counters.forEach((name, value) -> {
            final String metric = "vnet_" + Families.snake(name);
            if (name.endsWith("activeConnections")) {
                f.gauge(metric, "Control socket clients connected now", null, NONE, value);
            } else {
                f.counter(metric, "Control server counter " + name, null, NONE, value);
            }
        });
    }

    private void inference(final Families f) {
        final GlobalView.Result view;
        final AnalysisResult a;
        try {
            view = control.globalView();
            a = control.analysis();
        } catch (final CommandException e) {
            return;
        }
        final Topology t = view.topology();
        f.info("vnet_topology", "Application topology inferred from the global traffic matrix (class label)",
            Labels.of("class", t.className()));
        f.gauge("vnet_topology_nodes", "VMs in the inferred application topology", null, NONE, t.nodes().size());
        f.gauge("vnet_topology_edges", "Edges of the inferred application topology", null, NONE, t.edges().size());
        a.rir().forEach((mac, r) -> rir(f, Labels.of("mac", Mac.format(mac)), r));
        a.bic().forEach((mac, b) -> f.gauge("vnet_bic_delay_seconds",
            "BIC delay of the VM: time the others waited on it", Unit.SECONDS, Labels.of("mac", Mac.format(mac)),
            b.delaySeconds()));
        final BicSummary s = a.bicSummary();
        if (s != null && s.available()) {
            slowdown(f, "estimate", s.slowdownEstimate());
            slowdown(f, "optimistic", s.slowdownOptimistic());
            slowdown(f, "pessimistic", s.slowdownPessimistic());
            for (final Long mac : s.loadedEndpoints()) {
                f.info("vnet_bic_loaded", "A VM whose BIC delay marks it as holding the application back",
                    Labels.of("mac", Mac.format(mac)));
            }
        }
    }

    private static void rir(final Families f, final Labels l, final RirResult r) {
        if (!r.available() || !Double.isFinite(r.avg())) {
            return;
        }
        f.gauge("vnet_rir_iterations_per_second", "Round-trip iteration rate of the VM (RIRavg)", null, l, r.avg());
        if (r.periodSeconds() != null) {
            f.gauge("vnet_rir_period_seconds", "Super-step period found in the RIR spectrum", Unit.SECONDS, l,
                r.periodSeconds());
        }
    }

    private static void slowdown(final Families f, final String bound, final double value) {
        if (Double.isFinite(value)) {
            f.gauge("vnet_bic_slowdown_ratio", "Estimated runtime with the load over runtime without it", Unit.RATIO,
                Labels.of("bound", bound), value);
        }
    }
}
