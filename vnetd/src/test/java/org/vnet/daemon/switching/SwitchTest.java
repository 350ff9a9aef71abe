package org.vnet.daemon.switching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.inference.packet.Mac;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.telemetry.CountersFile;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;

class SwitchTest extends SwitchFixture {
    @Test
    void shouldFloodBroadcastFromInterfaceToEveryOtherPort() {
        final Switch sw = newSwitch(false);
        send(sw, tap0, Mac.BROADCAST, A, 0);
        assertEquals(List.of(0, 1, 1, 1), counts());
    }

    @Test
    void shouldNotFloodFromLinkToLinkUnlessHub() {
        Switch sw = newSwitch(false);
        send(sw, linkX, Mac.BROADCAST, A, 0);
        assertEquals(List.of(1, 1, 0, 0), counts());

        sw = newSwitch(true);
        send(sw, linkX, Mac.BROADCAST, A, 0);
        assertEquals(List.of(1, 1, 0, 1), counts());
    }

    @Test
    void shouldSendKnownUnicastOnlyWhereTheAddressWasLearned() {
        final Switch sw = newSwitch(false);
        send(sw, linkX, Mac.BROADCAST, B, 0);
        clear();
        send(sw, tap0, B, A, 10);
        assertEquals(List.of(0, 0, 1, 0), counts());
    }

    @Test
    void shouldFloodUnicastOnceTheAddressAgedOut() {
        final Switch sw = newSwitch(false);
        send(sw, linkX, Mac.BROADCAST, B, 0);
        clear();
        send(sw, tap0, B, A, 300_001);
        assertEquals(List.of(0, 1, 1, 1), counts());
    }

    @Test
    void shouldFilterUnicastLearnedOnItsIngressPort() {
        final Switch sw = newSwitch(false);
        send(sw, tap0, Mac.BROADCAST, B, 0);
        send(sw, tap0, B, A, 1);
        assertEquals(1, telemetry.counter(SystemCounter.FILTERED_FRAMES).get());
    }

    @Test
    void shouldFollowTheMostSpecificRuleOverLearning() {
        final Switch sw = newSwitch(false);
        send(sw, linkX, Mac.BROADCAST, B, 0);
        sw.table(new ForwardingTable(List.of(
            rule(1, MacMatch.ANY, exact(B), -1, 3),
            rule(2, MacMatch.ANY, MacMatch.ANY, -1, 2))));
        clear();
        send(sw, tap0, B, A, 1);
        assertEquals(List.of(0, 0, 0, 1), counts());
        assertEquals(1, linkY.sent.size());
    }

    @Test
    void shouldSendOnEveryRuleOfTheBestRank() {
        final Switch sw = newSwitch(false);
        sw.table(new ForwardingTable(List.of(
            rule(1, exact(A), MacMatch.ANY, -1, 2),
            rule(2, MacMatch.ANY, exact(B), -1, 3),
            rule(3, MacMatch.ANY, MacMatch.ANY, -1, 1))));
        send(sw, tap0, B, A, 0);
        assertEquals(List.of(0, 0, 1, 1), counts());
    }

    @Test
    void shouldRankNotBelowExactAndAboveAny() {
        final Switch sw = newSwitch(false);
        sw.table(new ForwardingTable(List.of(
            rule(1, MacMatch.ANY, MacMatch.ANY, -1, 1),
            rule(2, MacMatch.ANY, new MacMatch(MacMatch.Kind.NOT, C), -1, 2))));
        send(sw, tap0, B, A, 0);
        assertEquals(List.of(0, 0, 1, 0), counts());
        send(sw, tap0, C, A, 1);
        assertEquals(List.of(0, 1, 1, 0), counts());
    }

    @Test
    void shouldMatchRulesOnIngressPort() {
        final Switch sw = newSwitch(false);
        sw.table(new ForwardingTable(List.of(rule(1, MacMatch.ANY, MacMatch.ANY, 2, 3))));
        send(sw, linkX, B, A, 0);
        assertEquals(List.of(0, 0, 0, 1), counts());
    }

    @Test
    void shouldNeverSendARuledFrameBackOutOfItsIngress() {
        final Switch sw = newSwitch(false);
        sw.table(new ForwardingTable(List.of(rule(1, MacMatch.ANY, MacMatch.ANY, -1, 0))));
        send(sw, tap0, B, A, 0);
        assertEquals(List.of(0, 0, 0, 0), counts());
        assertEquals(1, telemetry.counter(SystemCounter.NO_OUTPUT_FRAMES).get());
    }

    @Test
    void shouldCountAndDropRuntFrames() {
        final Switch sw = newSwitch(false);
        sw.onFrame(tap0, Unpooled.buffer(10).writeZero(10), 0, 10, 0);
        assertEquals(List.of(0, 0, 0, 0), counts());
        assertEquals(1, telemetry.counter(SystemCounter.RUNT_FRAMES).get());
        assertEquals(1, tap0.counters().drops());
    }

}
