package org.vnet.optimiser;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds a {@link Problem} from plain maps, as a daemon holds them: the hosts and their capacities, measured host-pair
 * bandwidth and latency, the traffic matrix and the current mapping. The network is the full mesh of overlay links
 * between the hosts; a pair without a measurement (or a NaN in it) takes the configured default.
 */
public final class PlanInputs {
    /** Default bandwidth of an unmeasured host pair: 100 Mbit/s in bytes per second. */
    public static final double DEFAULT_BANDWIDTH = 12.5e6;
    /** Default latency of an unmeasured host pair in microseconds. */
    public static final double DEFAULT_LATENCY_MICROS = 1000;
    /** Default VMs per host. */
    public static final int DEFAULT_CAPACITY = 4;

    private double defaultBandwidth = DEFAULT_BANDWIDTH;
    private double defaultLatencyMicros = DEFAULT_LATENCY_MICROS;
    private int defaultCapacity = DEFAULT_CAPACITY;
    private double intraHostBandwidth = Problem.DEFAULT_INTRA_HOST_BANDWIDTH;
    private final Map<String, Integer> capacities = new TreeMap<>();
    private final Map<Set<String>, Measurement> measurements = new LinkedHashMap<>();
    private final Map<String, Map<String, Double>> demand = new TreeMap<>();
    private final Map<String, String> currentMapping = new HashMap<>();

    /** Bandwidth (bytes per second) of host pairs without a measurement. */
    public PlanInputs defaultBandwidth(final double bytesPerSecond) {
        defaultBandwidth = bytesPerSecond;
        return this;
    }

    /** Latency (microseconds) of host pairs without a measurement. */
    public PlanInputs defaultLatencyMicros(final double micros) {
        defaultLatencyMicros = micros;
        return this;
    }

    /** Capacity of hosts added without one. */
    public PlanInputs defaultCapacity(final int vms) {
        defaultCapacity = vms;
        return this;
    }

    /** The score of a VM pair on one host, see {@link Problem#intraHostBandwidth()}. */
    public PlanInputs intraHostBandwidth(final double bytesPerSecond) {
        intraHostBandwidth = bytesPerSecond;
        return this;
    }

    /** Adds hosts with the default capacity (a host already added keeps its capacity). */
    public PlanInputs hosts(final Collection<String> names) {
        for (final String name : names) {
            capacities.putIfAbsent(name, null);
        }
        return this;
    }

    /** Adds a host or sets its capacity. */
    public PlanInputs host(final String name, final int capacity) {
        capacities.put(name, capacity);
        return this;
    }

    /** A measurement of the pair {@code a}-{@code b} (both directions); NaN leaves that value at its default. */
    public PlanInputs measurement(final String a, final String b, final double bytesPerSecond, final double micros) {
        measurements.put(a.equals(b) ? Set.of(a) : Set.of(a, b), new Measurement(a, b, bytesPerSecond, micros));
        return this;
    }

    /** Adds {@code bytesPerSecond} to the traffic from VM {@code src} to VM {@code dst}. */
    public PlanInputs demand(final String src, final String dst, final double bytesPerSecond) {
        demand.computeIfAbsent(src, k -> new TreeMap<>()).merge(dst, bytesPerSecond, Double::sum);
        return this;
    }

    /** Adds a traffic matrix: source VM to destination VM to bytes per second. */
    public PlanInputs demand(final Map<String, Map<String, Double>> matrix) {
        matrix.forEach((src, row) -> row.forEach((dst, rate) -> demand(src, dst, rate)));
        return this;
    }

    /** Adds a list of traffic matrix entries; an ordered pair given twice is summed. */
    public PlanInputs demand(final Collection<Flow> flows) {
        flows.forEach(flow -> demand(flow.src(), flow.dst(), flow.bytesPerSecond()));
        return this;
    }

    /** Where the VMs run now: VM to host. */
    public PlanInputs currentMapping(final Map<String, String> vmToHost) {
        currentMapping.putAll(vmToHost);
        return this;
    }

    /** The problem; throws {@link IllegalArgumentException} naming the first inconsistency. */
    public Problem toProblem() {
        final List<Host> hosts = new ArrayList<>();
        capacities.forEach((name, capacity) -> hosts.add(new Host(name, capacity == null ? defaultCapacity : capacity)));
        for (final Measurement m : measurements.values()) {
            if (m.a.equals(m.b)) {
                throw new IllegalArgumentException("measurement " + m.a + "-" + m.b + " connects a host to itself");
            }
            for (final String end : new String[]{m.a, m.b}) {
                if (!capacities.containsKey(end)) {
                    throw new IllegalArgumentException("measurement " + m.a + "-" + m.b + " names unknown host " + end);
                }
            }
        }
        final List<Link> links = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            for (int j = i + 1; j < hosts.size(); j++) {
                final String a = hosts.get(i).name();
                final String b = hosts.get(j).name();
                final Measurement m = measurements.get(Set.of(a, b));
                final double bandwidth = m == null || Double.isNaN(m.bandwidth) ? defaultBandwidth : m.bandwidth;
                final double latency = m == null || Double.isNaN(m.latency) ? defaultLatencyMicros : m.latency;
                links.add(new Link(a, b, bandwidth, latency));
            }
        }
        final List<Flow> flows = new ArrayList<>();
        demand.forEach((src, row) -> row.forEach((dst, rate) -> flows.add(new Flow(src, dst, rate))));
        return new Problem(new Network(hosts, List.of(), links), new Demand(flows), currentMapping, intraHostBandwidth);
    }

    private record Measurement(String a, String b, double bandwidth, double latency) {
    }
}
