package org.vnet.daemon.conductor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.switching.ForwardingTable;
import org.vnet.daemon.telemetry.Telemetry;

/**
 * Compiles a state's rules into a {@link ForwardingTable}, reusing each rule's entry until a port
 * is added or removed (entries hold port ids), so a rule change costs one new entry, not a
 * rebuild of every entry and counter. A rule's counter lives as long as the rule. Data-plane
 * loop only.
 */
final class RuleCompiler {
    /** A rule's table entry and the last compile round that used it. */
    private static final class Compiled {
        final ForwardingTable.Entry entry;
        long round;

        Compiled(final ForwardingTable.Entry entry) {
            this.entry = entry;
        }
    }

    private final Map<Integer, Compiled> compiled = new HashMap<>();
    private long round;
    private List<ForwardingTable.Entry> entries = List.of();

    /**
     * The forwarding table of {@code s}.
     *
     * @param portsChanged whether a port was added or removed since the last compile
     * @param portId       the id of the port a rule names
     * @param telemetry    where a new rule's counter is made
     */
    ForwardingTable compile(final NetworkState s, final boolean portsChanged, final ToIntFunction<PortRef> portId,
                            final Telemetry telemetry) {
        final long now = ++round;
        final List<ForwardingTable.Entry> list = new ArrayList<>(s.rules().size());
        for (final RuleSpec r : s.rules()) {
            Compiled c = compiled.get(r.id());
            if (c == null || portsChanged) {
                final int from = r.from().kind() == PortRef.Kind.ANY ? -1 : portId.applyAsInt(r.from());
                c = new Compiled(new ForwardingTable.Entry(r.id(), r.src(), r.dst(), from, portId.applyAsInt(r.to()),
                    r.specificity(), c == null ? telemetry.ruleCounter(r.id()) : c.entry.counter()));
                compiled.put(r.id(), c);
            }
            c.round = now;
            list.add(c.entry);
        }
        if (compiled.size() > list.size()) {
            for (final Iterator<Compiled> it = compiled.values().iterator(); it.hasNext(); ) {
                final Compiled c = it.next();
                if (c.round != now) {
                    c.entry.counter().close();
                    it.remove();
                }
            }
        }
        entries = Collections.unmodifiableList(list);
        return new ForwardingTable(list);
    }

    /** The entries of the last table compiled, in rule order: never changed afterwards, safe to share. */
    List<ForwardingTable.Entry> entries() {
        return entries;
    }
}
