package org.vnet.daemon.adapt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.vnet.daemon.model.LinkKey;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.inference.packet.Mac;

/**
 * Turns a follower's state into the one a directive asks for, touching only adapted links and
 * rules: each fast-path link gets one rule per peer VM ({@code src any, dst MAC, from any, to
 * link:PEER}), adapted links and rules the directive no longer names go, and whatever an operator
 * made is left alone: a link of the same name or to the same peer, or an operator rule for the
 * same destination, wins and the directive's item is skipped.
 */
final class Reconciler {
    private Reconciler() {
    }

    /**
     * The state after applying {@code d} to {@code s}.
     *
     * @throws IllegalArgumentException when the directive is not one this daemon can follow (too
     *                                  many links, a bad address or MAC); nothing is changed then
     */
    static NetworkState reconcile(final NetworkState s, final Messages.Directive d, final int maxLinks) {
        return reconcile(s, d, maxLinks, null);
    }

    /**
     * The state after applying {@code d} to {@code s}, its UDP fast-path links sealed with {@code key}
     * (null: plain).
     *
     * @throws IllegalArgumentException when the directive is not one this daemon can follow; nothing is changed then
     */
    static NetworkState reconcile(final NetworkState s, final Messages.Directive d, final int maxLinks,
                                  final LinkKey key) {
        if (d.links().size() > maxLinks) {
            throw new IllegalArgumentException("directive asks for " + d.links().size() + " fast-path links, over this daemon's "
                + maxLinks + " (adaptation.maxLinks)");
        }
        final Map<String, LinkSpec> links = new LinkedHashMap<>();
        final List<RuleSpec> rules = new ArrayList<>();
        final Set<Long> operatorDestinations = new HashSet<>();
        for (final RuleSpec r : s.rules()) {
            if (!r.adapted() && r.dst().kind() == MacMatch.Kind.EXACT) {
                operatorDestinations.add(r.dst().address());
            }
        }
        for (final Messages.FastLink f : d.links()) {
            final Transport transport = Transport.parse(f.transport());
            final LinkSpec spec = new LinkSpec(f.name(), transport, LinkSpec.parseAddress(f.peer()), f.accept(), true,
                transport == Transport.UDP ? key : null);
            if (pinned(s, spec) || links.containsKey(spec.name())) {
                continue;
            }
            links.put(spec.name(), spec);
            for (final String text : f.macs()) {
                final long mac = Mac.parse(text);
                if (Mac.isGroup(mac)) {
                    throw new IllegalArgumentException("directive link " + f.name() + ": " + text + " is not a unicast MAC");
                }
                if (!operatorDestinations.contains(mac)) {
                    rules.add(new RuleSpec(0, MacMatch.ANY, new MacMatch(MacMatch.Kind.EXACT, mac), PortRef.ANY,
                        PortRef.link(spec.name()), true));
                }
            }
        }
        NetworkState next = s;
        for (final RuleSpec r : s.rules()) {
            if (r.adapted() && (!links.containsKey(r.to().name()) || rules.stream().noneMatch(r::sameAs)
                || !links.get(r.to().name()).equals(s.links().get(r.to().name())))) {
                next = next.withoutRule(r.id());
            }
        }
        for (final LinkSpec l : s.links().values()) {
            if (l.adapted() && !l.equals(links.get(l.name()))) {
                next = next.withoutLink(l.name());
            }
        }
        for (final LinkSpec l : links.values()) {
            if (!next.links().containsKey(l.name())) {
                next = next.withLink(l);
            }
        }
        for (final RuleSpec r : rules) {
            final NetworkState before = next;
            if (before.rules().stream().noneMatch(r::sameAs)) {
                next = next.withRule(r);
            }
        }
        return next;
    }

    /** Whether an operator's link already has {@code spec}'s name or goes to its peer. */
    private static boolean pinned(final NetworkState s, final LinkSpec spec) {
        for (final LinkSpec l : s.links().values()) {
            if (!l.adapted() && (l.name().equals(spec.name())
                || l.transport() == spec.transport() && l.peer().equals(spec.peer()))) {
                return true;
            }
        }
        return false;
    }

    /** The peers of the adapted links in {@code s}. */
    static List<String> adaptedLinks(final NetworkState s) {
        final List<String> names = new ArrayList<>();
        s.links().values().forEach(l -> {
            if (l.adapted()) {
                names.add(l.name());
            }
        });
        return names;
    }

    /** The peers of the operator's links in {@code s}. */
    static List<String> operatorLinks(final NetworkState s) {
        final List<String> names = new ArrayList<>();
        s.links().values().forEach(l -> {
            if (!l.adapted()) {
                names.add(l.name());
            }
        });
        return names;
    }
}
