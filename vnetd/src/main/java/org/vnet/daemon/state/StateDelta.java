package org.vnet.daemon.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.RuleSpec;

/**
 * What one accepted change did to the {@link NetworkState}: the entries it removed and added, and
 * the next rule id after it. An entry whose spec changed is removed and added again. Applying a
 * delta removes rules, links and interfaces (in that order, so nothing removed is still referred
 * to), then appends interfaces, links and rules (so rules find their ports), through the same
 * {@link NetworkState} checks as the commands; the result is the changed state, order included.
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

    /**
     * The change from {@code before} to {@code after}. Linear in the size of the state, with no
     * lookups: entries are compared in order (by reference first, as the states of successive
     * changes share them), so a change that appends entries or removes some records just those, and
     * any other change records the entries from the first difference on as removed and added again.
     */
    public static StateDelta between(final NetworkState before, final NetworkState after) {
        final List<InterfaceSpec> removedInterfaces = new ArrayList<>();
        final List<InterfaceSpec> addedInterfaces = new ArrayList<>();
        diff(List.copyOf(before.interfaces().values()), List.copyOf(after.interfaces().values()), removedInterfaces,
            addedInterfaces);
        final List<LinkSpec> removedLinks = new ArrayList<>();
        final List<LinkSpec> addedLinks = new ArrayList<>();
        diff(List.copyOf(before.links().values()), List.copyOf(after.links().values()), removedLinks, addedLinks);
        final List<RuleSpec> removedRules = new ArrayList<>();
        final List<RuleSpec> addedRules = new ArrayList<>();
        diff(before.rules(), after.rules(), removedRules, addedRules);
        return new StateDelta(removedRules.stream().map(RuleSpec::id).toList(),
            removedLinks.stream().map(LinkSpec::name).toList(),
            removedInterfaces.stream().map(InterfaceSpec::name).toList(),
            addedInterfaces, addedLinks, addedRules, after.nextRuleId());
    }

    /**
     * Fills {@code removed} and {@code added} so that removing the first from {@code before} and
     * appending the second turns it into {@code after}, order included.
     */
    private static <T> void diff(final List<T> before, final List<T> after, final List<T> removed, final List<T> added) {
        final int n = before.size();
        final int m = after.size();
        int p = 0;
        while (p < n && p < m && same(before.get(p), after.get(p))) {
            p++;
        }
        final int kept = m - p;
        if (n - kept >= p && sameRange(before, n - kept, after, p, kept)) {
            // entries removed from the middle (or the end), nothing added
            removed.addAll(before.subList(p, n - kept));
            return;
        }
        removed.addAll(before.subList(p, n));
        added.addAll(after.subList(p, m));
    }

    private static <T> boolean sameRange(final List<T> a, final int aFrom, final List<T> b, final int bFrom, final int length) {
        for (int i = 0; i < length; i++) {
            if (!same(a.get(aFrom + i), b.get(bFrom + i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(final Object a, final Object b) {
        return a == b || a.equals(b);
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
