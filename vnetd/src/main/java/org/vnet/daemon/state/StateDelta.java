package org.vnet.daemon.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.RuleSpec;

/**
 * What one accepted change did to the {@link NetworkState}: the entries it removed and added, and
 * the next rule id after it. An entry whose spec changed is removed and added again. Applying a
 * delta removes rules, links and interfaces (in that order, so nothing removed is still referred
 * to), then adds interfaces, links and rules (so rules find their ports), through the same
 * {@link NetworkState} checks as the commands; kept entries keep their order and added ones go
 * last, as every command does.
 *
 * @param removedRules      ids of the rules removed
 * @param removedLinks      names of the links removed
 * @param removedInterfaces names of the interfaces removed
 * @param addedInterfaces   interfaces added
 * @param addedLinks        links added
 * @param addedRules        rules added, with their ids
 * @param nextRuleId        the id the next added rule gets, after the change
 */
public record StateDelta(List<Integer> removedRules, List<String> removedLinks, List<String> removedInterfaces,
                         List<InterfaceSpec> addedInterfaces, List<LinkSpec> addedLinks, List<RuleSpec> addedRules,
                         int nextRuleId) {
    /** Copies the lists. */
    public StateDelta {
        removedRules = List.copyOf(removedRules);
        removedLinks = List.copyOf(removedLinks);
        removedInterfaces = List.copyOf(removedInterfaces);
        addedInterfaces = List.copyOf(addedInterfaces);
        addedLinks = List.copyOf(addedLinks);
        addedRules = List.copyOf(addedRules);
        if (nextRuleId < 1) {
            throw new IllegalArgumentException("next rule id " + nextRuleId + " is not positive");
        }
    }

    /** The change from {@code before} to {@code after}. */
    public static StateDelta between(final NetworkState before, final NetworkState after) {
        final List<String> removedInterfaces = new ArrayList<>();
        final List<InterfaceSpec> addedInterfaces = new ArrayList<>();
        for (final InterfaceSpec s : before.interfaces().values()) {
            if (!s.equals(after.interfaces().get(s.name()))) {
                removedInterfaces.add(s.name());
            }
        }
        for (final InterfaceSpec s : after.interfaces().values()) {
            if (!s.equals(before.interfaces().get(s.name()))) {
                addedInterfaces.add(s);
            }
        }
        final List<String> removedLinks = new ArrayList<>();
        final List<LinkSpec> addedLinks = new ArrayList<>();
        for (final LinkSpec s : before.links().values()) {
            if (!s.equals(after.links().get(s.name()))) {
                removedLinks.add(s.name());
            }
        }
        for (final LinkSpec s : after.links().values()) {
            if (!s.equals(before.links().get(s.name()))) {
                addedLinks.add(s);
            }
        }
        final Map<Integer, RuleSpec> beforeRules = byId(before.rules());
        final Map<Integer, RuleSpec> afterRules = byId(after.rules());
        final List<Integer> removedRules = new ArrayList<>();
        final List<RuleSpec> addedRules = new ArrayList<>();
        for (final RuleSpec r : before.rules()) {
            if (!r.equals(afterRules.get(r.id()))) {
                removedRules.add(r.id());
            }
        }
        for (final RuleSpec r : after.rules()) {
            if (!r.equals(beforeRules.get(r.id()))) {
                addedRules.add(r);
            }
        }
        return new StateDelta(removedRules, removedLinks, removedInterfaces, addedInterfaces, addedLinks, addedRules,
            after.nextRuleId());
    }

    private static Map<Integer, RuleSpec> byId(final List<RuleSpec> rules) {
        final Map<Integer, RuleSpec> m = new HashMap<>(rules.size() * 2);
        for (final RuleSpec r : rules) {
            m.put(r.id(), r);
        }
        return m;
    }

    /** Whether the delta changes nothing in {@code before}. */
    public boolean isEmptyFor(final NetworkState before) {
        return removedRules.isEmpty() && removedLinks.isEmpty() && removedInterfaces.isEmpty()
            && addedInterfaces.isEmpty() && addedLinks.isEmpty() && addedRules.isEmpty()
            && nextRuleId == before.nextRuleId();
    }

    /**
     * {@code state} with this change made.
     *
     * @throws IllegalArgumentException when the change does not fit {@code state} (an entry to remove
     *                                  is missing, one to add exists, a rule's port is missing)
     */
    public NetworkState applyTo(final NetworkState state) {
        NetworkState s = Objects.requireNonNull(state, "state");
        for (final int id : removedRules) {
            s = s.withoutRule(id);
        }
        for (final String name : removedLinks) {
            s = s.withoutLink(name);
        }
        for (final String name : removedInterfaces) {
            s = s.withoutInterface(name);
        }
        for (final InterfaceSpec i : addedInterfaces) {
            s = s.withInterface(i);
        }
        for (final LinkSpec l : addedLinks) {
            s = s.withLink(l);
        }
        for (final RuleSpec r : addedRules) {
            if (r.id() < 1) {
                throw new IllegalArgumentException("rule " + r + " has no id");
            }
            s = s.withRule(r);
        }
        if (nextRuleId < s.nextRuleId()) {
            throw new IllegalArgumentException("next rule id " + nextRuleId + " is below the state's " + s.nextRuleId());
        }
        return StateStore.restoreNextRuleId(s, nextRuleId);
    }
}
