package org.vnet.daemon.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's configuration that operators change at run time: interfaces, links and rules.
 * Immutable; every change makes a new state after checking it is consistent, so a refused change
 * leaves the old state untouched.
 */
public final class NetworkState {
    private final Map<String, InterfaceSpec> interfaces;
    private final Map<String, LinkSpec> links;
    private final List<RuleSpec> rules;
    private final int nextRuleId;

    /** The empty state. */
    public static final NetworkState EMPTY = new NetworkState(Map.of(), Map.of(), List.of(), 1);

    /**
     * Takes the collections as they are: each is either the unmodifiable one of another state or a
     * new one only this state refers to (wrapped here), so a change copies only what it changes.
     */
    private NetworkState(final Map<String, InterfaceSpec> interfaces, final Map<String, LinkSpec> links,
                         final List<RuleSpec> rules, final int nextRuleId) {
        this.interfaces = interfaces instanceof LinkedHashMap<String, InterfaceSpec> m ? Collections.unmodifiableMap(m) : interfaces;
        this.links = links instanceof LinkedHashMap<String, LinkSpec> m ? Collections.unmodifiableMap(m) : links;
        this.rules = rules instanceof ArrayList<RuleSpec> l ? Collections.unmodifiableList(l) : rules;
        this.nextRuleId = nextRuleId;
    }

    /** Interfaces by name, in the order they were added. */
    public Map<String, InterfaceSpec> interfaces() {
        return interfaces;
    }

    /** Links by name, in the order they were added. */
    public Map<String, LinkSpec> links() {
        return links;
    }

    /** Rules in the order they were added. */
    public List<RuleSpec> rules() {
        return rules;
    }

    /** The id the next added rule gets. */
    public int nextRuleId() {
        return nextRuleId;
    }

    /** Adds an interface; refuses a duplicate name. */
    public NetworkState withInterface(final InterfaceSpec spec) {
        if (interfaces.containsKey(spec.name())) {
            throw new IllegalArgumentException("interface " + spec.name() + " already exists");
        }
        final Map<String, InterfaceSpec> m = new LinkedHashMap<>(interfaces);
        m.put(spec.name(), spec);
        return new NetworkState(m, links, rules, nextRuleId);
    }

    /** Removes an interface; refuses while a rule refers to it. */
    public NetworkState withoutInterface(final String name) {
        if (!interfaces.containsKey(name)) {
            throw new IllegalArgumentException("no interface " + name);
        }
        refuseIfReferenced(PortRef.iface(name));
        final Map<String, InterfaceSpec> m = new LinkedHashMap<>(interfaces);
        m.remove(name);
        return new NetworkState(m, links, rules, nextRuleId);
    }

    /** Adds a link; refuses a duplicate name or a second link to the same peer and transport. */
    public NetworkState withLink(final LinkSpec spec) {
        if (links.containsKey(spec.name())) {
            throw new IllegalArgumentException("link " + spec.name() + " already exists");
        }
        for (final LinkSpec l : links.values()) {
            if (l.transport() == spec.transport() && l.peer().equals(spec.peer())) {
                throw new IllegalArgumentException("link " + l.name() + " already goes to " + LinkSpec.formatAddress(spec.peer())
                    + " over " + spec.transport().label());
            }
        }
        final Map<String, LinkSpec> m = new LinkedHashMap<>(links);
        m.put(spec.name(), spec);
        return new NetworkState(interfaces, m, rules, nextRuleId);
    }

    /** Gives sealed link {@code name} a new pre-shared key; refuses a link that is not sealed. */
    public NetworkState withLinkKey(final String name, final LinkKey key) {
        final LinkSpec l = links.get(name);
        if (l == null) {
            throw new IllegalArgumentException("no link " + name);
        }
        if (!l.sealed()) {
            throw new IllegalArgumentException("link " + name + " is not sealed (security " + l.security()
                + "): delete it and add it again with a key");
        }
        final Map<String, LinkSpec> m = new LinkedHashMap<>(links);
        m.put(name, l.withKey(key));
        return new NetworkState(interfaces, m, rules, nextRuleId);
    }

    /** Removes a link; refuses while a rule refers to it. */
    public NetworkState withoutLink(final String name) {
        if (!links.containsKey(name)) {
            throw new IllegalArgumentException("no link " + name);
        }
        refuseIfReferenced(PortRef.link(name));
        final Map<String, LinkSpec> m = new LinkedHashMap<>(links);
        m.remove(name);
        return new NetworkState(interfaces, m, rules, nextRuleId);
    }

    /** Adds a rule whose ports exist, giving it the next id (or its own id when restoring). */
    public NetworkState withRule(final RuleSpec rule) {
        checkPortExists(rule.from(), "from");
        checkPortExists(rule.to(), "to");
        final int id = rule.id() > 0 ? rule.id() : nextRuleId;
        boolean idUsed = false;
        for (int i = 0, n = rules.size(); i < n; i++) {
            final RuleSpec r = rules.get(i);
            if (r.sameAs(rule)) {
                throw new IllegalArgumentException("rule already exists as #" + r.id());
            }
            idUsed |= r.id() == id;
        }
        if (idUsed) {
            throw new IllegalArgumentException("rule id " + id + " already used");
        }
        final List<RuleSpec> l = new ArrayList<>(rules);
        l.add(rule.withId(id));
        return new NetworkState(interfaces, links, l, Math.max(nextRuleId, id + 1));
    }

    /** Removes rule {@code id}. */
    public NetworkState withoutRule(final int id) {
        final List<RuleSpec> l = new ArrayList<>(rules);
        if (!l.removeIf(r -> r.id() == id)) {
            throw new IllegalArgumentException("no rule #" + id);
        }
        return new NetworkState(interfaces, links, l, nextRuleId);
    }

    /** The rule with {@code id}, or null. */
    public RuleSpec rule(final int id) {
        for (final RuleSpec r : rules) {
            if (r.id() == id) {
                return r;
            }
        }
        return null;
    }

    private void checkPortExists(final PortRef ref, final String field) {
        switch (ref.kind()) {
            case ANY -> { }
            case INTERFACE -> {
                if (!interfaces.containsKey(ref.name())) {
                    throw new IllegalArgumentException("rule " + field + ": no interface " + ref.name());
                }
            }
            case LINK -> {
                if (!links.containsKey(ref.name())) {
                    throw new IllegalArgumentException("rule " + field + ": no link " + ref.name());
                }
            }
            default -> throw new IllegalStateException(ref.toString());
        }
    }

    private void refuseIfReferenced(final PortRef ref) {
        for (final RuleSpec r : rules) {
            if (r.from().equals(ref) || r.to().equals(ref)) {
                throw new IllegalArgumentException(ref + " is used by rule #" + r.id() + "; delete the rule first");
            }
        }
    }
}
