package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vnet.testing.Await;

/** The fault tests over UDP links (Java data path), and a TCP transfer over an underlay that loses 5 %. */
class UdpFaultTest extends FaultSuite {
    /** Bytes of the transfer under loss. */
    static final int LOSS_BYTES = 8 << 20;
    /** The least throughput a TCP transfer between the VMs must reach under 5 % loss each way, in bit/s. */
    static final double LOSS_FLOOR_BPS = 10e6;
    private static final String LOSS_TABLE = "vnetloss";
    private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+)");

    @Override
    String transport() {
        return "udp";
    }

    @Test
    @Timeout(60)
    void shouldCarryATcpTransferIntactWhenTheUnderlayLosesFivePercent() {
        // each host's ul0 segments the daemon's UDP GSO sends in software, so that each datagram is one packet
        // on the wire; nftables in each host drops 5 % of what arrives on ul0 (and counts what arrives)
        try {
            for (int h = 1; h <= 2; h++) {
                ethtool(h, "off");
                nft(h, "add table inet " + LOSS_TABLE);
                nft(h, "add chain inet " + LOSS_TABLE + " in { type filter hook input priority 0 ; }");
                nft(h, "add rule inet " + LOSS_TABLE + " in iifname ul0 counter");
                nft(h, "add rule inet " + LOSS_TABLE + " in iifname ul0 numgen random mod 100 < 5 counter drop");
            }
            final long malformedBefore = malformed(1) + malformed(2);

            final int port = 6103;
            tb.spawn("loss-sink", tb.vmNs(2), "python3", TcpFlow.SCRIPT.toString(), "sink", Integer.toString(port));
            tb.awaitListening(tb.vmNs(2), "tcp", port);
            final Testbed.Result source = tb.exec(50, tb.vmNs(1), "python3", TcpFlow.SCRIPT.toString(), "count",
                tb.vmIp(2), Integer.toString(port), Integer.toString(LOSS_BYTES));
            assertTrue(source.ok(), "the transfer under loss: " + source);
            final String[] sent = source.out().trim().split(" ");
            final String done = Await.until(Duration.ofSeconds(10), "the sink to finish", () -> {
                final String[] lines = tb.log("loss-sink").trim().split("\n");
                return lines[lines.length - 1];
            }, s -> s.startsWith("done "));
            assertEquals("done " + sent[1] + " " + sent[2], done, "bytes and SHA-256 received = sent");
            assertEquals(Integer.toString(LOSS_BYTES), sent[1]);

            final double seconds = Double.parseDouble(sent[3]);
            final double bps = LOSS_BYTES * 8.0 / seconds;
            final long[] toV2 = counts(2);
            final long[] toV1 = counts(1);
            final double lossPercent = 100.0 * toV2[1] / Math.max(1, toV2[0]);
            assertTrue(toV2[0] > LOSS_BYTES / 1500, "one packet per datagram on h2's ul0: " + toV2[0]);
            assertTrue(lossPercent > 3 && lossPercent < 7, "measured loss toward h2: " + lossPercent + " %");
            assertEquals(malformedBefore, malformed(1) + malformed(2), "malformed messages counted by the daemons");
            assertTrue(bps >= LOSS_FLOOR_BPS, "TCP over 5 % underlay loss: " + bps + " bit/s");
            System.out.printf("faults udp: %d bytes intact over a 5 %% lossy underlay (toward h2 %d of %d datagrams "
                    + "dropped, %.1f %%; toward h1 %d of %d) in %.2f s: %.1f Mbit/s%n", LOSS_BYTES, toV2[1], toV2[0],
                lossPercent, toV1[1], toV1[0], seconds, bps / 1e6);
        } finally {
            for (int h = 1; h <= 2; h++) {
                tb.exec(10, tb.hostNs(h), "nft", "delete table inet " + LOSS_TABLE);
                ethtool(h, "on");
            }
        }
    }

    /** Messages host {@code i}'s daemon refused as malformed (any header check). */
    private long malformed(final int i) {
        final com.fasterxml.jackson.databind.JsonNode sys = control(i, "stats").path("stats").path("system");
        return sys.path("malformedMessages").asLong() + sys.path("badMagic").asLong() + sys.path("badVersion").asLong()
            + sys.path("badType").asLong();
    }

    /** Packets that arrived on host {@code h}'s ul0, and packets dropped there, from the loss table's counters. */
    private long[] counts(final int h) {
        final Matcher m = COUNTER.matcher(nft(h, "list table inet " + LOSS_TABLE));
        final long[] c = new long[2];
        for (int rule = 0; m.find() && rule < 2; rule++) {
            c[rule] = Long.parseLong(m.group(1));
        }
        return c;
    }

    private String nft(final int h, final String command) {
        final Testbed.Result r = tb.exec(10, tb.hostNs(h), "nft", command);
        assertTrue(r.ok(), "nft " + command + " in h" + h + ": " + r);
        return r.out();
    }

    /** Turns UDP segmentation offload of host {@code h}'s ul0 "on" or "off". */
    private void ethtool(final int h, final String state) {
        final Testbed.Result r = tb.exec(10, tb.hostNs(h), "ethtool", "-K", "ul0", "tx-udp-segmentation", state);
        assertTrue(r.ok(), "ethtool on h" + h + ": " + r);
    }
}
