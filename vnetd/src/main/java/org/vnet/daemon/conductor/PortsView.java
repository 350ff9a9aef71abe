package org.vnet.daemon.conductor;

import java.util.List;
import java.util.Map;

import org.vnet.daemon.link.LinkPort;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.switching.ForwardingTable;
import org.vnet.daemon.tap.TapPort;

/**
 * What the data plane runs, as one immutable value the loop publishes after each change: the
 * state and the ports and rule counters that carry it. {@code status} and {@code stats} read it
 * from any thread without locks and see the state and its ports together.
 *
 * @param state the state the data plane runs
 * @param taps  interface ports by name
 * @param links link ports by name
 * @param rules the forwarding table's entries (rule id and counter): an unmodifiable list nobody
 *              changes (the loop replaces it whole), shared rather than copied since it grows with
 *              the rule table
 */
record PortsView(NetworkState state, Map<String, TapPort> taps, Map<String, LinkPort> links,
                 List<ForwardingTable.Entry> rules) {
    /** Before the first change. */
    static final PortsView EMPTY = new PortsView(NetworkState.EMPTY, Map.of(), Map.of(), List.of());

    /** Copies the port maps (a few entries; the loop changes them in place). */
    PortsView {
        taps = Map.copyOf(taps);
        links = Map.copyOf(links);
    }

    /** Links able to carry frames now. */
    int linksUp() {
        int up = 0;
        for (final LinkPort p : links.values()) {
            if ("up".equals(p.state())) {
                up++;
            }
        }
        return up;
    }
}
