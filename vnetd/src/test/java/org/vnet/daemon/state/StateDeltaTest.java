package org.vnet.daemon.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.model.Transport;

class StateDeltaTest {
    private static final NetworkState BASE = NetworkState.EMPTY
        .withInterface(new InterfaceSpec("eth0", "vm1", 1400))
        .withInterface(new InterfaceSpec("eth1", null, 0))
        .withLink(new LinkSpec("h2", Transport.UDP, LinkSpec.parseAddress("10.200.0.2:7700"), false))
        .withLink(new LinkSpec("h3", Transport.TLS, LinkSpec.parseAddress("[fd00::3]:7702"), true))
        .withRule(new RuleSpec(0, MacMatch.ANY, MacMatch.parse("02:00:00:00:00:03"), PortRef.ANY, PortRef.link("h3")))
        .withRule(new RuleSpec(0, MacMatch.parse("not-02:00:00:00:00:01"), MacMatch.ANY, PortRef.link("h2"),
            PortRef.iface("eth0")));

    private final DeltaCodec codec = new DeltaCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);

    private StateDelta roundTrip(final long seq, final StateDelta delta) {
        final int length = codec.encode(buffer, seq, delta);
        assertEquals(seq, codec.seq(buffer, length));
        return codec.decode(buffer, length);
    }

    private void assertReplays(final NetworkState before, final NetworkState after) {
        final StateDelta delta = StateDelta.between(before, after);
        final StateDelta decoded = roundTrip(42, delta);
        assertEquals(delta, decoded);
        final NetworkState replayed = decoded.applyTo(before);
        assertTrue(ChangeStream.same(after, replayed), ChangeStream.describe(after) + " vs " + ChangeStream.describe(replayed));
    }

    @Test
    void shouldReplayEveryKindOfChangeWithItsIds() {
        final NetworkState withRule = BASE.withRule(new RuleSpec(0, MacMatch.parse("02:00:00:00:00:09"),
            MacMatch.parse("not-02:00:00:00:00:0a"), PortRef.iface("eth1"), PortRef.link("h2")));
        assertReplays(BASE, withRule);
        assertEquals(List.of(3), StateDelta.between(BASE, withRule).addedRules().stream().map(RuleSpec::id).toList());
        assertReplays(BASE, BASE.withoutRule(1));
        assertReplays(BASE, BASE.withInterface(new InterfaceSpec("eth2", "vm2", 9000)));
        assertReplays(BASE, BASE.withoutRule(2).withoutInterface("eth0"));
        assertReplays(BASE, BASE.withLink(new LinkSpec("h4", Transport.TCP, LinkSpec.parseAddress("10.0.0.4:1"), true)));
        assertReplays(BASE, BASE.withoutRule(1).withoutLink("h3"));
        assertReplays(NetworkState.EMPTY, BASE);
        assertReplays(BASE, BASE.withoutRule(1).withoutRule(2).withoutLink("h2").withoutLink("h3").withoutInterface("eth1"));
    }

    @Test
    void shouldKeepWhetherALinkAndARuleWereMadeByAdaptation() {
        final NetworkState adapted = BASE.withLink(new LinkSpec("h5", Transport.UDP, LinkSpec.parseAddress("10.0.0.5:7700"),
            false, true)).withRule(new RuleSpec(0, MacMatch.ANY, MacMatch.parse("02:00:00:00:00:05"), PortRef.ANY,
            PortRef.link("h5"), true));
        assertReplays(BASE, adapted);
        final StateDelta decoded = roundTrip(7, StateDelta.between(BASE, adapted));
        assertTrue(decoded.addedLinks().get(0).adapted());
        assertTrue(decoded.addedRules().get(0).adapted());
        assertTrue(roundTrip(8, StateDelta.between(NetworkState.EMPTY, BASE)).addedRules().stream().noneMatch(RuleSpec::adapted));
    }

    @Test
    void shouldKeepASealedLinksKey() {
        final org.vnet.daemon.model.LinkKey key = org.vnet.daemon.model.LinkKey.of(new byte[32]);
        final NetworkState sealed = BASE.withLink(LinkSpec.sealed("h6", LinkSpec.parseAddress("10.0.0.6:7700"), key));
        assertReplays(BASE, sealed);
        assertEquals(key, roundTrip(9, StateDelta.between(BASE, sealed)).addedLinks().get(0).key());
    }

    @Test
    void shouldReplayAChangedEntryAsRemovedAndAddedAgain() {
        final NetworkState changed = BASE.withoutRule(2).withoutInterface("eth0")
            .withInterface(new InterfaceSpec("eth0", null, 1500));
        final StateDelta delta = StateDelta.between(BASE, changed);
        assertTrue(delta.removedInterfaces().contains("eth0"));
        assertTrue(delta.addedInterfaces().contains(new InterfaceSpec("eth0", null, 1500)));
        assertReplays(BASE, changed);
    }

    @Test
    void shouldRecordJustTheEntryACommandAddsOrRemoves() {
        final NetworkState three = BASE.withRule(new RuleSpec(0, MacMatch.parse("02:00:00:00:00:09"), MacMatch.ANY,
            PortRef.ANY, PortRef.iface("eth1")));
        final StateDelta add = StateDelta.between(BASE, three);
        assertEquals(List.of(three.rule(3)), add.addedRules());
        assertTrue(add.removedRules().isEmpty());
        final StateDelta delMiddle = StateDelta.between(three, three.withoutRule(2));
        assertEquals(List.of(2), delMiddle.removedRules());
        assertTrue(delMiddle.addedRules().isEmpty());
        final StateDelta delLink = StateDelta.between(BASE.withoutRule(2), BASE.withoutRule(2).withoutLink("h2"));
        assertEquals(List.of("h2"), delLink.removedLinks());
        assertTrue(delLink.addedLinks().isEmpty() && delLink.removedInterfaces().isEmpty() && delLink.removedRules().isEmpty());
    }

    @Test
    void shouldReproduceTheOrderOfEntriesWhateverTheChange() {
        final NetworkState three = BASE.withRule(new RuleSpec(0, MacMatch.parse("02:00:00:00:00:09"), MacMatch.ANY,
            PortRef.ANY, PortRef.iface("eth1")));
        // a rule removed from the middle and one appended in the same change
        assertReplays(three, three.withoutRule(2).withRule(new RuleSpec(0, MacMatch.parse("02:00:00:00:00:0a"),
            MacMatch.ANY, PortRef.ANY, PortRef.iface("eth1"))));
        // interfaces in another order
        assertReplays(BASE.withoutRule(2), NetworkState.EMPTY.withInterface(new InterfaceSpec("eth1", null, 0))
            .withInterface(new InterfaceSpec("eth0", "vm1", 1400)).withLink(BASE.links().get("h2"))
            .withLink(BASE.links().get("h3")).withRule(BASE.rule(1)).withRule(BASE.rule(2)).withoutRule(2));
    }

    @Test
    void shouldKeepTheNextRuleIdAfterRulesAreDeleted() {
        final NetworkState deleted = BASE.withoutRule(2).withoutRule(1);
        final StateDelta delta = roundTrip(7, StateDelta.between(BASE, deleted));
        assertEquals(3, delta.nextRuleId());
        final NetworkState replayed = delta.applyTo(BASE);
        assertEquals(3, replayed.nextRuleId());
        assertEquals(3, replayed.withRule(new RuleSpec(0, MacMatch.ANY, MacMatch.ANY, PortRef.ANY, PortRef.iface("eth1")))
            .rules().get(0).id());
    }

    @Test
    void shouldReplayALongStreamOfChangesOneDeltaAtATime() {
        NetworkState want = ChangeStream.START;
        NetworkState replayed = ChangeStream.START;
        for (long k = 1; k <= 2_000; k++) {
            final NetworkState next = ChangeStream.next(want, k);
            replayed = roundTrip(k, StateDelta.between(want, next)).applyTo(replayed);
            want = next;
        }
        assertTrue(ChangeStream.same(want, replayed));
        assertTrue(ChangeStream.same(ChangeStream.at(2_000), replayed));
    }

    @Test
    void shouldSayWhenADeltaChangesNothing() {
        assertTrue(StateDelta.between(BASE, BASE).isEmptyFor(BASE));
        assertFalse(StateDelta.between(BASE, BASE.withoutRule(1)).isEmptyFor(BASE));
    }

    @Test
    void shouldRefuseADeltaThatDoesNotFitTheState() {
        final StateDelta addLink = StateDelta.between(NetworkState.EMPTY,
            NetworkState.EMPTY.withLink(new LinkSpec("h2", Transport.UDP, LinkSpec.parseAddress("10.200.0.2:7700"), false)));
        assertThrows(IllegalArgumentException.class, () -> addLink.applyTo(BASE));
        final StateDelta removeRule = StateDelta.between(BASE, BASE.withoutRule(2));
        assertThrows(IllegalArgumentException.class, () -> removeRule.applyTo(NetworkState.EMPTY));
    }

    @Test
    void shouldRefuseARecordWithAnyByteChanged() {
        final int length = codec.encode(buffer, 9, StateDelta.between(NetworkState.EMPTY, BASE));
        for (int i = 0; i < length; i++) {
            final byte b = buffer.getByte(i);
            buffer.putByte(i, (byte) (b ^ 0x10));
            final int at = i;
            assertThrows(IllegalArgumentException.class, () -> codec.decode(buffer, length), "byte " + at);
            buffer.putByte(i, b);
        }
        assertEquals(BASE.rules(), codec.decode(buffer, length).addedRules());
    }

    @Test
    void shouldRefuseATruncatedRecord() {
        final int length = codec.encode(buffer, 9, StateDelta.between(NetworkState.EMPTY, BASE));
        for (final int cut : new int[] {0, 3, DeltaCodec.MIN_LENGTH - 1, length / 2, length - 1}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.seq(buffer, cut));
            assertFalse(e.getMessage().isEmpty());
        }
    }
}
