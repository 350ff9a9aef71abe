package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vnet.testing.Await;

/**
 * Port security and storm control end to end (issue 13 item 4) on a three-host UDP star: VM v3
 * attacks with raw frames ({@code tools/testbed/l2send.py}, bounded in count and time) while v1
 * and v2 ping. One subclass per data path.
 */
abstract class PortSecuritySuite {
    static final String STORM = "maxMacs: 256, storm: { broadcast: { rate: 500, burst: 100 },"
        + " multicast: { rate: 500, burst: 100 }, unknownUnicast: { rate: 500, burst: 100 } }";
    /** Average ping RTT allowed during the flood: generous for a loaded two-core machine (the issue saw 527 ms). */
    static final double RTT_BOUND_MILLIS = 100;
    private static final Pattern RECEIVED = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
    private static final Pattern RTT = Pattern.compile("= [\\d.]+/([\\d.]+)/([\\d.]+)/");

    Testbed tb;

    /** The {@code --datapath} of the testbed. */
    abstract String datapath();

    @AfterEach
    void down() {
        if (tb != null) {
            tb.close();
        }
    }

    private void up(final String ifOpts) {
        tb = Testbed.up(3, "udp", "star", "--datapath", datapath(), "--if-opts", ifOpts);
        if (!"java".equals(datapath())) {
            final String path = tb.vnetctlJson(3, "status").path("status").path("interfaceDataPaths").path("eth0").asText();
            assumeTrue("kernel".equals(path), "no kernel data path here: " + path);
        }
    }

    private void attack(final String name, final String... args) {
        final List<String> cmd = new java.util.ArrayList<>(List.of("python3",
            Testbed.ROOT.resolve("tools/testbed/l2send.py").toString()));
        cmd.addAll(List.of(args));
        tb.spawn(name, tb.vmNs(3), cmd.toArray(new String[0]));
    }

    /** A Java system counter plus a kernel counter of host {@code host} (0 when there is no kernel path). */
    private long drops(final int host, final String system, final String kernel) {
        final var stats = tb.vnetctlJson(host, "stats").path("stats");
        return stats.path("system").path(system).asLong() + stats.path("kernel").path(kernel).asLong();
    }

    /** "java N + kernel M" of a Java system counter and a kernel counter of host {@code host}. */
    private String split(final int host, final String system, final String kernel) {
        final var stats = tb.vnetctlJson(host, "stats").path("stats");
        return "java " + stats.path("system").path(system).asLong() + " + kernel " + stats.path("kernel").path(kernel).asLong();
    }

    /** {@code count} pings from v{@code from} to v{@code to}, 0.2 s apart: {received, avg RTT in µs, max RTT in µs}. */
    private long[] ping(final int from, final int to, final int count) {
        final Testbed.Result r = tb.exec(10 + count, tb.vmNs(from), "ping", "-c", Integer.toString(count), "-i", "0.2",
            "-W", "1", "-q", tb.vmIp(to));
        final Matcher received = RECEIVED.matcher(r.out());
        assertTrue(received.find(), "ping printed no summary: " + r);
        final Matcher rtt = RTT.matcher(r.out());
        final boolean any = rtt.find();
        return new long[] {Long.parseLong(received.group(2)),
            any ? Math.round(Double.parseDouble(rtt.group(1)) * 1000) : -1,
            any ? Math.round(Double.parseDouble(rtt.group(2)) * 1000) : -1};
    }

    @Test
    void shouldNotLetAVmSendingWithAnotherVmsMacCaptureItsPings() {
        up("pinMac: first");
        assertTrue(tb.pingWithin(2, 1, 20), "v2 reaches v1 before the attack");

        attack("spoof", "--src", tb.vmMac(1), "--dst", "ff:ff:ff:ff:ff:ff", "--rate", "200", "--count", "3000",
            "--seconds", "15");
        Await.until(Duration.ofSeconds(20), "h3 to drop v3's frames with v1's MAC",
            () -> drops(3, "pinDrops", "txNotPinnedDrops") > 0);

        final long[] ping = ping(2, 1, 20);
        assertEquals(20, ping[0], "v2's pings to v1 while v3 sends as v1");
        System.out.printf("[%s] spoof: 20/20 pings answered, avg RTT %.3f ms; h3 dropped spoofed frames: %s%n",
            datapath(), ping[1] / 1000.0, split(3, "pinDrops", "txNotPinnedDrops"));
    }

    @Test
    void shouldKeepAnotherPairsPingFastAndPrivateDuringAMacFloodAndBroadcastStorm() {
        up(STORM);
        assertTrue(tb.pingWithin(1, 2, 20), "v1 reaches v2 before the attack");

        attack("flood", "--src", "random", "--dst", "ff:ff:ff:ff:ff:ff", "--count", "3000000", "--seconds", "20");
        Await.until(Duration.ofSeconds(20), "h3 to drop part of v3's broadcast storm",
            () -> drops(3, "stormBroadcastDrops", "txStormBroadcastDrops") > 0);
        tb.spawn("sniff", tb.vmNs(3), "timeout", "8", "tcpdump", "-l", "-nn", "-i", "eth0", "icmp");
        Await.until(Duration.ofSeconds(10), "tcpdump in v3 to listen", () -> tb.log("sniff").contains("listening on"));

        final long[] ping = ping(1, 2, 20);
        final String sniffed = Await.until(Duration.ofSeconds(20), "tcpdump in v3 to finish",
            () -> tb.log("sniff"), s -> s.contains("packets captured"));
        final long evictions = tb.systemCounter(3, "macEvictions");
        System.out.printf("[%s] flood+storm: %d/20 pings answered, avg RTT %.3f ms, max %.3f ms; h3 dropped broadcasts:"
            + " %s; replaced %d MACs%n", datapath(), ping[0], ping[1] / 1000.0, ping[2] / 1000.0,
            split(3, "stormBroadcastDrops", "txStormBroadcastDrops"), evictions);

        assertEquals(20, ping[0], "v1's pings to v2 during the flood");
        assertTrue(ping[1] < RTT_BOUND_MILLIS * 1000, "average RTT " + ping[1] + " µs during the flood");
        assertTrue(sniffed.contains("\n0 packets captured") || sniffed.startsWith("0 packets captured"),
            "v1/v2's pings leaked to v3:\n" + sniffed);
        assertTrue(evictions > 0, "h3 replaced flooded MACs at v3's learning limit");
    }
}
