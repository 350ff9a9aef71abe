package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.vnet.testing.Privileged;

/**
 * Bytes arrive intact through the offload paths (TAP super-frames, partial checksums finished
 * on the way or by the peer's kernel): TCP streams compared by SHA-256, UDP datagrams of every
 * size echoed and compared byte for byte, ICMP echoes of several sizes checked by ping, each over
 * IPv4 and IPv6 between two VMs on a two-host testbed. Subclasses pick the link transport.
 */
@Privileged
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
abstract class IntegritySuite {
    static final Path PROBE = Testbed.ROOT.resolve("tools/src/test/resources/e2e/integrity.py");
    static final int STREAM_BYTES = 32 << 20;
    Testbed tb;

    abstract String transport();

    /** Whether the receiving daemon joins bursts of equal datagrams into USO super-frames on this transport. */
    boolean joinsUdpBursts() {
        return false;
    }

    /** More testbed options (e.g. the data path). */
    List<String> testbedOptions() {
        return List.of();
    }

    @BeforeAll
    void up() {
        final List<String> extra = new java.util.ArrayList<>(List.of("--ipv6"));
        extra.addAll(testbedOptions());
        tb = Testbed.up(2, transport(), "mesh", extra.toArray(new String[0]));
        afterUp();
    }

    /** Called once the testbed is up. */
    void afterUp() {
    }

    @AfterAll
    void down() {
        if (tb != null) {
            tb.close();
        }
    }

    String v6(final int i) {
        return "fd77::" + i;
    }

    void tcpStreamArrivesIntact(final String dst, final String family, final int port) {
        final Testbed.Result sink = Testbed.run(10, List.of(Testbed.SCRIPT.toString(), "spawn", "--prefix", tb.prefix,
            "tcp-sink-" + port, tb.vmNs(2), "python3", PROBE.toString(), "tcp-sink", Integer.toString(port), family));
        assertTrue(sink.ok(), sink.toString());
        tb.awaitListening(tb.vmNs(2), "tcp", port);
        final Testbed.Result source = tb.exec(90, tb.vmNs(1), "python3", PROBE.toString(), "tcp-source", dst,
            Integer.toString(port), Integer.toString(STREAM_BYTES));
        assertTrue(source.ok(), source.toString());
        final String received = tb.awaitLog("tcp-sink-" + port, 5);
        assertEquals(source.out().trim(), received, "what v2 received is what v1 sent");
        assertTrue(received.startsWith(STREAM_BYTES + " "), received);
    }

    void everyUdpSizeArrivesIntact(final String dst, final String family, final int port, final int maxPayload) {
        final Testbed.Result echo = Testbed.run(10, List.of(Testbed.SCRIPT.toString(), "spawn", "--prefix", tb.prefix,
            "udp-echo-" + port, tb.vmNs(2), "python3", PROBE.toString(), "udp-echo", Integer.toString(port), family));
        assertTrue(echo.ok(), echo.toString());
        tb.awaitListening(tb.vmNs(2), "udp", port);
        final Testbed.Result check = tb.exec(180, tb.vmNs(1), "python3", PROBE.toString(), "udp-check", dst,
            Integer.toString(port), Integer.toString(maxPayload));
        assertTrue(check.ok(), check.toString());
        assertEquals("ok " + maxPayload, check.out().trim());
    }

    /** Bursts of equal datagrams from v1 to v2 arrive whole; with {@code gso} each burst is one UDP_SEGMENT send. */
    void udpBurstArrivesIntact(final String dst, final String family, final int port, final int size,
                               final boolean gso) {
        final Testbed.Result sink = Testbed.run(10, List.of(Testbed.SCRIPT.toString(), "spawn", "--prefix", tb.prefix,
            "udp-burst-sink-" + port, tb.vmNs(2), "python3", PROBE.toString(), "udp-burst-sink", Integer.toString(port),
            family));
        assertTrue(sink.ok(), sink.toString());
        tb.awaitListening(tb.vmNs(2), "udp", port);
        final long joinedBefore = tb.systemCounter(2, "coalescedSegments");
        final long cutBefore = tb.systemCounter(1, "gsoSegments");
        final int count = 20_000;
        final Testbed.Result burst = tb.exec(60, tb.vmNs(1), "python3", PROBE.toString(), "udp-burst", dst,
            Integer.toString(port), Integer.toString(count), Integer.toString(size), gso ? "gso" : "plain");
        assertTrue(burst.ok(), burst.toString());
        final String received = tb.awaitLog("udp-burst-sink-" + port, 10);
        final String[] f = received.split(" ");
        assertEquals(3, f.length, "sink output: " + received);
        assertEquals("0", f[1], "datagrams that arrived damaged");
        assertEquals("0", f[2], "datagrams that arrived twice");
        // unpaced UDP may overflow the VM's queue to its TAP while a daemon warms up; what arrives must be whole
        assertTrue(Integer.parseInt(f[0]) >= count * 8 / 10, "intact datagrams of " + count + ": " + received);
        if (joinsUdpBursts()) {
            assertTrue(tb.systemCounter(2, "coalescedSegments") > joinedBefore,
                "v2's daemon joined datagrams of the burst into super-frames");
            if (gso) {
                assertTrue(tb.systemCounter(1, "gsoSegments") >= cutBefore + count * 8 / 10,
                    "v1's daemon took the sends from its TAP as UDP super-frames and cut them");
            }
        }
    }

    void pingsOfEverySizeComeBack(final String dst, final int maxPayload) {
        for (final int size : new int[] {0, 1, 56, 100, 1000, maxPayload}) {
            final Testbed.Result ping = tb.exec(20, tb.vmNs(1), "ping", "-c", "2", "-i", "0.2", "-W", "2", "-s",
                Integer.toString(size), dst);
            assertTrue(ping.ok(), "ping -s " + size + " " + dst + ": " + ping);
            assertTrue(!ping.out().contains("wrong data") && !ping.out().contains("DUP"), ping.out());
        }
    }

    @Test
    void shouldCarryATcpStreamIntactOverIpv4() {
        tcpStreamArrivesIntact(tb.vmIp(2), "4", 6001);
    }

    @Test
    void shouldCarryATcpStreamIntactOverIpv6() {
        tcpStreamArrivesIntact(v6(2), "6", 6002);
    }

    @Test
    void shouldCarryUdpDatagramsOfEverySizeIntactOverIpv4() {
        everyUdpSizeArrivesIntact(tb.vmIp(2), "4", 6003, 1400 - 20 - 8);
    }

    @Test
    void shouldCarryUdpDatagramsOfEverySizeIntactOverIpv6() {
        everyUdpSizeArrivesIntact(v6(2), "6", 6004, 1400 - 40 - 8);
    }

    @Test
    void shouldCarryABurstOfEqualDatagramsIntactOverIpv4() {
        udpBurstArrivesIntact(tb.vmIp(2), "4", 6005, 100, false);
    }

    @Test
    void shouldCarryABurstOfEqualDatagramsIntactOverIpv6() {
        udpBurstArrivesIntact(v6(2), "6", 6006, 1000, false);
    }

    @Test
    void shouldCarryUdpSegmentationSendsIntactOverIpv4() {
        udpBurstArrivesIntact(tb.vmIp(2), "4", 6007, 200, true);
    }

    @Test
    void shouldCarryUdpSegmentationSendsIntactOverIpv6() {
        udpBurstArrivesIntact(v6(2), "6", 6008, 1200, true);
    }

    @Test
    void shouldEchoPingsOfEverySizeOverIpv4AndIpv6() {
        pingsOfEverySizeComeBack(tb.vmIp(2), 1400 - 20 - 8);
        pingsOfEverySizeComeBack(v6(2), 1400 - 40 - 8);
    }
}
