package org.vnet.daemon.switching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.vnet.inference.packet.Mac;
import org.vnet.daemon.model.MacMatch;

/** What the switch tells a kernel data path, and the decisions it can revalidate. */
class FlowCacheTest extends SwitchFixture {
    record Decision(int in, long src, long dst, int out) {
    }

    static final class Recorder implements FlowCache {
        final List<Decision> decisions = new ArrayList<>();
        final List<Integer> changed = new ArrayList<>();

        @Override
        public void onUnicast(final Port ingress, final long src, final long dst, final Port egress, final long now) {
            decisions.add(new Decision(ingress.id(), src, dst, egress.id()));
        }

        @Override
        public void onLinkChanged(final Port link) {
            changed.add(link.id());
        }
    }

    @Test
    void shouldReportLearnedUnicastFromAnInterfaceAsAFlow() {
        final Switch sw = newSwitch(false);
        final Recorder r = new Recorder();
        sw.flows(r);
        send(sw, linkX, Mac.BROADCAST, B, 0);
        send(sw, tap0, B, A, 10);
        assertEquals(List.of(new Decision(0, A, B, 2)), r.decisions);
    }

    @Test
    void shouldNotReportFloodsFramesFromLinksOrMultiPortRules() {
        final Switch sw = newSwitch(false);
        final Recorder r = new Recorder();
        sw.flows(r);
        send(sw, tap0, Mac.BROADCAST, A, 0);       // flood
        send(sw, tap0, C, A, 1);                   // unknown unicast: flood
        send(sw, linkX, A, B, 2);                  // from a link
        sw.table(new ForwardingTable(List.of(rule(1, MacMatch.ANY, MacMatch.parse("02:00:00:00:00:0c"), -1, 2),
            rule(2, MacMatch.ANY, MacMatch.parse("02:00:00:00:00:0c"), -1, 3))));
        send(sw, tap0, C, A, 3);                   // two rules of one rank: two ports
        assertTrue(r.decisions.isEmpty(), r.decisions.toString());
    }

    @Test
    void shouldReportASingleRuleDecision() {
        final Switch sw = newSwitch(false);
        final Recorder r = new Recorder();
        sw.flows(r);
        sw.table(new ForwardingTable(List.of(rule(1, MacMatch.ANY, MacMatch.parse("02:00:00:00:00:0c"), 0, 3))));
        send(sw, tap0, C, A, 0);
        assertEquals(List.of(new Decision(0, A, C, 3)), r.decisions);
    }

    @Test
    void shouldDecideAsItSwitchesWithoutCountingOrLearning() {
        final Switch sw = newSwitch(false);
        send(sw, linkX, Mac.BROADCAST, B, 0);
        assertEquals(2, sw.decide(0, A, B, 10));
        assertEquals(-1, sw.decide(0, A, C, 10), "unknown destination floods");
        assertEquals(-1, sw.decide(0, A, B, 400_000), "aged out");
        assertEquals(-1, sw.decide(3, A, B, 10), "link to link on a non-hub");
        sw.table(new ForwardingTable(List.of(rule(1, MacMatch.ANY, MacMatch.ANY, 0, 1))));
        assertEquals(1, sw.decide(0, A, B, 10), "the rule wins over learning");
        assertEquals(-1, sw.macs().lookup(A, 10), "decide learns nothing (A never sent)");
    }

    @Test
    void shouldTellWhetherFramesFromLinksForAMacReachOnlyItsInterface() {
        final Switch sw = newSwitch(false);
        assertTrue(sw.deliversFromLinks(A, 0));
        sw.table(new ForwardingTable(List.of(rule(1, MacMatch.ANY, MacMatch.parse("02:00:00:00:00:0c"), 0, 2))));
        assertTrue(sw.deliversFromLinks(A, 0), "a rule for frames from the interface itself");
        sw.table(new ForwardingTable(List.of(rule(1, MacMatch.ANY, MacMatch.parse("02:00:00:00:00:0a"), -1, 3))));
        assertFalse(sw.deliversFromLinks(A, 0), "a rule sends frames for A from any port to link y");
        assertTrue(sw.deliversFromLinks(B, 0), "but not frames for B");
        sw.table(new ForwardingTable(List.of(rule(1, MacMatch.ANY, MacMatch.ANY, 2, 0))));
        assertTrue(sw.deliversFromLinks(A, 0), "a rule that sends what comes from x to the interface");
    }

    @Test
    void shouldListTheAddressesLearnedOnAPort() {
        final MacTable macs = new MacTable(300_000, 16);
        macs.learn(A, 0, 0);
        macs.learn(B, 1, 0);
        macs.learn(C, 0, 0);
        final long[] out = new long[4];
        assertEquals(2, macs.learnedOn(0, out, 10));
        assertEquals(java.util.Set.of(A, C), java.util.Set.of(out[0], out[1]));
        assertEquals(0, macs.learnedOn(0, out, 400_000), "aged");
    }
}
