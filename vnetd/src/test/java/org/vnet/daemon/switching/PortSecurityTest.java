package org.vnet.daemon.switching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.vnet.daemon.model.PortSecurity;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.inference.packet.Mac;

/** Port security and storm control as the switch applies them (issue 13 item 4). */
class PortSecurityTest extends SwitchFixture {
    private static final PortSecurity PIN_FIRST = PortSecurity.NONE.withPin("first");
    private static final long MULTICAST = Mac.parse("01:00:5e:00:00:01");

    private static PortSecurity storm(final PortSecurity.Limit broadcast, final PortSecurity.Limit multicast,
                                      final PortSecurity.Limit unknown) {
        return new PortSecurity(PortSecurity.Pin.OFF, -1, 0, broadcast, multicast, unknown);
    }

    @Test
    void shouldNotLetAnotherVmCaptureAPinnedVmsTraffic() {
        final Switch sw = newSwitch(false);
        sw.secure(tap0.id(), PIN_FIRST, 0);
        send(sw, tap0, Mac.BROADCAST, A, 0);
        clear();

        send(sw, tap1, Mac.BROADCAST, A, 10);
        send(sw, linkX, Mac.BROADCAST, A, 20);
        send(sw, linkY, B, A, 30);
        assertEquals(List.of(0, 0, 0, 0), counts(), "frames with the pinned MAC from elsewhere are dropped");
        assertEquals(3, telemetry.counter(SystemCounter.SPOOF_DROPS).get());
        assertEquals(1, tap1.counters().sourceDrops());
        assertEquals(1, linkX.counters().sourceDrops());

        send(sw, linkX, A, C, 40);
        assertEquals(List.of(1, 0, 0, 0), counts(), "the pinned VM still gets its traffic");
    }

    @Test
    void shouldDropFramesFromAPinnedVmWithAnotherSourceMac() {
        final Switch sw = newSwitch(false);
        sw.secure(tap0.id(), PortSecurity.NONE.withPin(Mac.format(A)), 0);

        send(sw, tap0, Mac.BROADCAST, B, 0);
        assertEquals(List.of(0, 0, 0, 0), counts());
        assertEquals(1, telemetry.counter(SystemCounter.PIN_DROPS).get());
        assertEquals(1, tap0.counters().sourceDrops());
        assertEquals(1, tap0.counters().drops());
        assertEquals(-1, sw.macs().lookup(B, 0));

        send(sw, tap0, Mac.BROADCAST, A, 10);
        assertEquals(List.of(0, 1, 1, 1), counts());
    }

    @Test
    void shouldDeliverToANewAddressAfterAMacFloodFilledTheTable() {
        final Switch sw = new Switch(new MacTable(300_000, 256), telemetry, false);
        tap0 = new RecordingPort(0, "tap0", false, telemetry.portCounters("if", "tap0"));
        tap1 = new RecordingPort(1, "tap1", false, telemetry.portCounters("if", "tap1"));
        linkX = new RecordingPort(2, "x", true, telemetry.portCounters("link", "x"));
        linkY = new RecordingPort(3, "y", true, telemetry.portCounters("link", "y"));
        List.of(tap0, tap1, linkX, linkY).forEach(sw::addPort);
        for (long i = 0; i < 10_000; i++) {
            send(sw, tap1, Mac.BROADCAST, 0x0200_0100_0000L + i, 1000);
        }
        clear();

        send(sw, tap0, Mac.BROADCAST, A, 2000);
        send(sw, linkX, Mac.BROADCAST, C, 2000);
        clear();
        send(sw, linkX, A, C, 2100);
        send(sw, tap0, C, A, 2200);

        assertEquals(List.of(1, 0, 1, 0), counts(), "no flood to the flooding VM");
        assertEquals(256, sw.macs().size());
    }

    @Test
    void shouldDropBroadcastsOverTheRateAndCountThem() {
        final Switch sw = newSwitch(false);
        sw.secure(tap1.id(), storm(new PortSecurity.Limit(100, 10), PortSecurity.Limit.NONE, PortSecurity.Limit.NONE), 0);

        for (int i = 0; i < 1000; i++) {
            send(sw, tap1, Mac.BROADCAST, B, 0);
        }
        send(sw, tap1, MULTICAST, B, 0);
        assertEquals(List.of(11, 0, 11, 11), counts());
        assertEquals(990, telemetry.counter(SystemCounter.STORM_BROADCAST_DROPS).get());
        assertEquals(990, tap1.counters().stormDrops(StormControl.BROADCAST));
        assertEquals(990, tap1.counters().drops());

        clear();
        send(sw, tap1, Mac.BROADCAST, B, 100);
        assertEquals(List.of(1, 0, 1, 1), counts(), "10 frames of credit after 100 ms");
    }

    @Test
    void shouldDropMulticastAndUnknownUnicastOverTheirRates() {
        final Switch sw = newSwitch(false);
        sw.secure(tap1.id(), storm(PortSecurity.Limit.NONE, new PortSecurity.Limit(1, 2), new PortSecurity.Limit(1, 3)), 0);
        send(sw, linkX, Mac.BROADCAST, C, 0);
        clear();

        for (int i = 0; i < 10; i++) {
            send(sw, tap1, MULTICAST, B, 0);
            send(sw, tap1, A, B, 0);
            send(sw, tap1, C, B, 0);
        }
        assertEquals(List.of(5, 0, 15, 5), counts(), "2 multicast, 3 unknown, 10 known unicast");
        assertEquals(8, telemetry.counter(SystemCounter.STORM_MULTICAST_DROPS).get());
        assertEquals(7, telemetry.counter(SystemCounter.STORM_UNKNOWN_UNICAST_DROPS).get());
        assertEquals(8, tap1.counters().stormDrops(StormControl.MULTICAST));
        assertEquals(7, tap1.counters().stormDrops(StormControl.UNKNOWN_UNICAST));
    }

    @Test
    void shouldForgetSecurityOfARemovedPort() {
        final Switch sw = newSwitch(false);
        sw.secure(tap0.id(), PIN_FIRST, 0);
        send(sw, tap0, Mac.BROADCAST, A, 0);
        sw.removePort(tap0.id());
        clear();

        send(sw, linkX, Mac.BROADCAST, A, 10);
        assertEquals(List.of(0, 1, 0, 0), counts());
        assertEquals(0, telemetry.counter(SystemCounter.SPOOF_DROPS).get());
    }
}
