package org.vnet.daemon.conductor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.status.AtomicCounter;
import org.vnet.daemon.datapath.KernelDataPath;
import org.vnet.daemon.datapath.KernelStat;
import org.vnet.daemon.link.LinkPort;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.switching.Port;
import org.vnet.daemon.tap.TapPort;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.protocol.StatsSnapshot;

/** Reads the counters of what a {@link PortsView} shows, from any thread: Java path plus kernel path. */
final class StatsReader {
    private StatsReader() {
    }

    /** Every port, rule, daemon and kernel counter of {@code v}; {@code kernel} null on the Java path. */
    static StatsSnapshot read(final PortsView v, final Telemetry telemetry, final KernelDataPath kernel) {
        final long[] kernelCounts = new long[4];
        final List<StatsSnapshot.PortStats> ports = new ArrayList<>();
        for (final String n : v.state().interfaces().keySet()) {
            final TapPort p = v.taps().get(n);
            if (p != null) {
                ports.add(port("if", p, kernel, kernelCounts));
            }
        }
        for (final String n : v.state().links().keySet()) {
            final LinkPort p = v.links().get(n);
            if (p != null) {
                ports.add(port("link", p, kernel, kernelCounts));
            }
        }
        final Map<Integer, AtomicCounter> counters = new HashMap<>();
        v.rules().forEach(e -> counters.put(e.ruleId(), e.counter()));
        final List<StatsSnapshot.RuleStats> rules = new ArrayList<>();
        for (final RuleSpec r : v.state().rules()) {
            final AtomicCounter c = counters.get(r.id());
            rules.add(new StatsSnapshot.RuleStats(r.id(), c == null ? 0 : c.get()));
        }
        return new StatsSnapshot(ports, rules, telemetry.systemValues(), kernel(kernel));
    }

    private static Map<String, Long> kernel(final KernelDataPath kernel) {
        if (kernel == null) {
            return Map.of();
        }
        final Map<String, Long> m = new LinkedHashMap<>();
        for (final KernelStat k : KernelStat.values()) {
            m.put(k.label(), kernel.stat(k.index()));
        }
        m.put("flowsInstalled", (long) kernel.flows());
        return m;
    }

    private static StatsSnapshot.PortStats port(final String kind, final Port p, final KernelDataPath kernel,
                                                final long[] kernelCounts) {
        long rxF = p.counters().rxFrames();
        long rxB = p.counters().rxBytes();
        long txF = p.counters().txFrames();
        long txB = p.counters().txBytes();
        if (kernel != null) {
            kernel.portCounts(p.id(), kernelCounts);
            rxF += kernelCounts[0];
            rxB += kernelCounts[1];
            txF += kernelCounts[2];
            txB += kernelCounts[3];
        }
        return new StatsSnapshot.PortStats(kind, p.name(), p.state(), rxF, rxB, txF, txB, p.counters().drops());
    }
}
