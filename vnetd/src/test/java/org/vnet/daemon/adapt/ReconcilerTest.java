package org.vnet.daemon.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkKey;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.model.Transport;

class ReconcilerTest {
    private static final String MAC3 = "02:00:00:00:00:03";
    private static final String MAC4 = "02:00:00:00:00:04";

    private static NetworkState spoke() {
        return NetworkState.EMPTY.withInterface(new InterfaceSpec("eth0", null, 0))
            .withLink(new LinkSpec("h1", Transport.UDP, LinkSpec.parseAddress("10.0.0.1:7700"), false));
    }

    private static Messages.FastLink udp(final String name, final int host, final String... macs) {
        return new Messages.FastLink(name, "udp", "10.0.0." + host + ":7700", false, List.of(macs));
    }

    private static Messages.Directive directive(final Messages.FastLink... links) {
        return new Messages.Directive("h1", 1, List.of(links));
    }

    @Test
    void shouldAddAnAdaptedLinkAndOneRulePerPeerVm() {
        final NetworkState s = Reconciler.reconcile(spoke(), directive(udp("h3", 3, MAC3, MAC4)), 8);
        assertTrue(s.links().get("h3").adapted());
        assertEquals(2, s.rules().size());
        for (final RuleSpec r : s.rules()) {
            assertTrue(r.adapted());
            assertEquals(PortRef.link("h3"), r.to());
            assertEquals(PortRef.ANY, r.from());
        }
        assertEquals(List.of("h3"), Reconciler.adaptedLinks(s));
    }

    @Test
    void shouldSealAdaptedUdpLinksWithTheOverlaysKeyWhenOneIsConfigured() {
        final LinkKey key = LinkKey.of(new byte[32]);
        final NetworkState s = Reconciler.reconcile(spoke(), directive(udp("h3", 3, MAC3)), 8, key);
        assertTrue(s.links().get("h3").sealed());
        assertEquals(key, s.links().get("h3").key());
        assertEquals(s, Reconciler.reconcile(s, directive(udp("h3", 3, MAC3)), 8, key), "idempotent");
        assertFalse(Reconciler.reconcile(spoke(), directive(udp("h3", 3, MAC3)), 8).links().get("h3").sealed());
    }

    @Test
    void shouldBeIdempotentWhenTheSameDirectiveComesAgain() {
        final Messages.Directive d = directive(udp("h3", 3, MAC3));
        final NetworkState once = Reconciler.reconcile(spoke(), d, 8);
        final NetworkState twice = Reconciler.reconcile(once, d, 8);
        assertEquals(once.links(), twice.links());
        assertEquals(once.rules(), twice.rules());
    }

    @Test
    void shouldUpdateRulesWhenThePeersVmsChange() {
        final NetworkState first = Reconciler.reconcile(spoke(), directive(udp("h3", 3)), 8);
        assertTrue(first.rules().isEmpty());
        final NetworkState second = Reconciler.reconcile(first, directive(udp("h3", 3, MAC3)), 8);
        assertTrue(second.links().get("h3").adapted());
        assertEquals(1, second.rules().size());
    }

    @Test
    void shouldRemoveAdaptedLinksAndRulesTheDirectiveNoLongerNames() {
        final NetworkState with = Reconciler.reconcile(spoke(), directive(udp("h3", 3, MAC3), udp("h4", 4, MAC4)), 8);
        final NetworkState without = Reconciler.reconcile(with, directive(udp("h4", 4, MAC4)), 8);
        assertFalse(without.links().containsKey("h3"));
        assertEquals(List.of("h4"), Reconciler.adaptedLinks(without));
        assertEquals(1, without.rules().size());
        assertEquals(PortRef.link("h4"), without.rules().get(0).to());
    }

    @Test
    void shouldNeverTouchTheOperatorsLinksAndRules() {
        final NetworkState operator = spoke()
            .withLink(new LinkSpec("h3", Transport.UDP, LinkSpec.parseAddress("10.0.0.3:7700"), false))
            .withRule(new RuleSpec(0, MacMatch.ANY, MacMatch.parse(MAC4), PortRef.ANY, PortRef.link("h1")));
        final NetworkState s = Reconciler.reconcile(operator, directive(udp("h3", 3, MAC3), udp("h4", 4, MAC4)), 8);
        assertFalse(s.links().get("h3").adapted(), "the operator's h3 stays the operator's");
        assertTrue(s.links().get("h4").adapted());
        assertTrue(s.rules().stream().noneMatch(r -> r.adapted() && r.dst().equals(MacMatch.parse(MAC4))),
            "the operator already steers MAC4");
        final NetworkState none = Reconciler.reconcile(s, directive(), 8);
        assertEquals(operator.links(), none.links());
        assertEquals(operator.rules(), none.rules());
    }

    @Test
    void shouldRefuseMoreLinksThanItsCapAndChangeNothing() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Reconciler.reconcile(spoke(), directive(udp("h3", 3), udp("h4", 4)), 1));
        assertTrue(e.getMessage().contains("maxLinks"), e.getMessage());
    }

    @Test
    void shouldRefuseAGroupMacOrABadAddress() {
        assertThrows(IllegalArgumentException.class,
            () -> Reconciler.reconcile(spoke(), directive(udp("h3", 3, "ff:ff:ff:ff:ff:ff")), 8));
        assertThrows(IllegalArgumentException.class, () -> Reconciler.reconcile(spoke(),
            directive(new Messages.FastLink("h3", "udp", "not-an-address", false, List.of())), 8));
    }
}
