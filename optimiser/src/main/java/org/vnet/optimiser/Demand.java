package org.vnet.optimiser;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The traffic matrix: directed VM-to-VM rates in bytes per second, each ordered pair at most once.
 *
 * @param flows the entries.
 */
public record Demand(List<Flow> flows) {
    /** Copies the entries and rejects an ordered pair given twice. */
    public Demand {
        flows = List.copyOf(flows);
        final Set<List<String>> seen = new HashSet<>();
        for (final Flow flow : flows) {
            if (!seen.add(List.of(flow.src(), flow.dst()))) {
                throw new IllegalArgumentException("demand gives " + flow.src() + "->" + flow.dst() + " twice");
            }
        }
    }

    /** The demand of a list of entries. */
    public static Demand of(final Flow... flows) {
        return new Demand(List.of(flows));
    }

    /** Every VM named by an entry, sorted. */
    public Set<String> vms() {
        final Set<String> vms = new TreeSet<>();
        for (final Flow flow : flows) {
            vms.add(flow.src());
            vms.add(flow.dst());
        }
        return vms;
    }

    /** The entries with a positive rate. */
    public List<Flow> positive() {
        final List<Flow> positive = new ArrayList<>();
        for (final Flow flow : flows) {
            if (flow.bytesPerSecond() > 0) {
                positive.add(flow);
            }
        }
        return positive;
    }
}
