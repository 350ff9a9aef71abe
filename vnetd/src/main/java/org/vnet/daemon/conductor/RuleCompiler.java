package org.vnet.daemon.conductor;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.ToIntFunction;

import org.agrona.collections.Int2ObjectHashMap;

import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.switching.ForwardingTable;
import org.vnet.daemon.telemetry.Telemetry;

/**
 * Compiles a state's rules into a {@link ForwardingTable}, reusing each rule's entry until a port
 * gets a new id (entries hold port ids), so a rule change costs one new entry and a new table of
 * references, not a rebuild of every entry and counter. A rule's counter lives as long as the rule. Data-plane
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

    private final Int2ObjectHashMap<Compiled> compiled = new Int2ObjectHashMap<>();
    private long round;
    private List<ForwardingTable.Entry> entries = List.of();

    /**
     * The forwarding table of {@code s}.
     *
     * @param portsChanged whether a port a rule may name got a new id since the last compile
     * @param portId       the id of the port a rule names
     * @param telemetry    where a new rule's counter is made
     */
    ForwardingTable compile(final NetworkState s, final boolean portsChanged, final ToIntFunction<PortRef> portId,
                            final Telemetry telemetry) {
        final long now = ++round;
        final List<RuleSpec> rules = s.rules();
        final int n = rules.size();
        final ForwardingTable.Entry[] list = new ForwardingTable.Entry[n];
        for (int i = 0; i < n; i++) {
            final RuleSpec r = rules.get(i);
            Compiled c = compiled.get(r.id());
            if (c == null || portsChanged) {
                final int from = r.from().kind() == PortRef.Kind.ANY ? -1 : portId.applyAsInt(r.from());
                c = new Compiled(new ForwardingTable.Entry(r.id(), r.src(), r.dst(), from, portId.applyAsInt(r.to()),
                    r.specificity(), c == null ? telemetry.ruleCounter(r.id()) : c.entry.counter()));
                compiled.put(r.id(), c);
            }
            c.round = now;
            list[i] = c.entry;
        }
        if (compiled.size() > n) {
            for (final Iterator<Compiled> it = compiled.values().iterator(); it.hasNext(); ) {
                final Compiled c = it.next();
                if (c.round != now) {
                    c.entry.counter().close();
                    it.remove();
                }
            }
        }
        entries = Collections.unmodifiableList(Arrays.asList(list));
        return new ForwardingTable(entries);
    }

    /** The entries of the last table compiled, in rule order: never changed afterwards, safe to share. */
    List<ForwardingTable.Entry> entries() {
        return entries;
    }
}
