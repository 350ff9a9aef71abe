package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.vnet.testing.Await;
import org.vnet.testing.Privileged;

/**
 * The overlay's behaviour end to end, for one link transport: three hosts in a star through h1
 * (the hub) plus a direct link h2-h3 with rules, one VM namespace per host, real TAPs, real
 * vnetd processes, real ping and iperf3. Subclasses pick the transport.
 */
@Privileged
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
abstract class OverlaySuite {
    Testbed tb;

    /** "udp", "tcp" or "tls". */
    abstract String transport();

    /** The port this transport listens on in the testbed. */
    abstract int port();

    /** Sends hostile bytes at h1's listener from inside h1's namespace. */
    abstract void sendGarbageToHub();

    /** The h1 counter that must count the garbage. */
    abstract String garbageCounter();

    @BeforeAll
    void up() {
        tb = Testbed.up(3, transport(), "star+direct");
    }

    @AfterAll
    void down() {
        if (tb != null) {
            tb.close();
        }
    }

    @Test
    @Order(1)
    void shouldPingBetweenVmsOnDifferentHosts() {
        assertTrue(tb.ping(1, 2, 3), "v1 -> v2 through the hub's link");
        assertTrue(tb.ping(2, 1, 3), "v2 -> v1");
        assertTrue(tb.ping(2, 3, 3), "v2 -> v3 over the direct link");
        assertTrue(tb.ping(1, 3, 3), "v1 -> v3");
    }

    @Test
    @Order(2)
    void shouldResolveArpByBroadcast() {
        assertTrue(tb.exec(10, tb.vmNs(2), "ip", "neigh", "flush", "all").ok());
        assertTrue(tb.ping(2, 3, 1));
        final Testbed.Result neigh = tb.exec(10, tb.vmNs(2), "ip", "neigh", "show", tb.vmIp(3));
        assertTrue(neigh.out().contains(tb.vmMac(3)), "v2 learned v3's MAC by ARP: " + neigh);
    }

    @Test
    @Order(3)
    void shouldCarryIperf3TrafficBetweenVms() throws Exception {
        tb.iperf3Server(tb.vmNs(3));
        final Testbed.Result client = tb.exec(30, tb.vmNs(1), "iperf3", "-c", tb.vmIp(3), "-t", "2", "-J",
            "--connect-timeout", "3000");
        assertTrue(client.ok(), client.toString());
        final JsonNode result = new ObjectMapper().readTree(client.out());
        final double bps = result.path("end").path("sum_received").path("bits_per_second").asDouble();
        assertTrue(bps > 10e6, "iperf3 v1 -> v3 carried " + bps + " bit/s");
    }

    @Test
    @Order(3)
    void shouldInferTheTrafficMatrixFromTheFramesItSwitched() {
        assertTrue(tb.ping(1, 2, 3));
        final JsonNode matrix = tb.vnetctlJson(1, "matrix").path("matrix");
        boolean seen = false;
        for (final JsonNode e : matrix) {
            seen |= tb.vmMac(1).equals(e.path("src").asText()) && tb.vmMac(2).equals(e.path("dst").asText())
                && e.path("frames").asLong() >= 3;
        }
        assertTrue(seen, "h1's live matrix has v1 -> v2: " + matrix);
    }

    @Test
    @Order(3)
    void shouldShowEveryDaemonTheSameGlobalTopology() {
        // v2 <-> v3 goes over the direct link: the hub h1 never sees it, it learns it from h2's and h3's summaries
        for (final int[] p : new int[][] {{1, 2}, {2, 3}, {3, 1}}) {
            assertTrue(tb.exec(30, tb.vmNs(p[0]), "ping", "-q", "-s", "1000", "-i", "0.01", "-c", "50", tb.vmIp(p[1])).ok());
        }
        final String hub = tb.awaitSameTopology(20, t -> t.startsWith("all-to-all"));
        assertTrue(hub.startsWith("all-to-all"), "the hub's global view: " + hub);
    }

    @Test
    @Order(4)
    void shouldSendTrafficBetweenDirectlyLinkedVmsOverTheDirectLink() {
        final long before = tb.linkTxFrames(2, "h3");
        assertTrue(tb.ping(2, 3, 3));
        assertTrue(tb.linkTxFrames(2, "h3") - before >= 3, "h2 sent the pings on its direct link to h3");
    }

    @Test
    @Order(5)
    void shouldRerouteTrafficWhenARuleChanges() {
        final JsonNode rules = tb.vnetctlJson(2, "rule", "list");
        int direct = -1;
        for (final JsonNode r : rules.has("rules") ? rules.get("rules") : rules) {
            if ("link:h3".equals(r.path("to").asText())) {
                direct = r.path("id").asInt();
            }
        }
        assertTrue(direct > 0, "h2 has the testbed's rule to link:h3: " + rules);
        assertTrue(tb.vnetctl(2, "rule", "del", Integer.toString(direct)).ok());
        final Testbed.Result add = tb.vnetctl(2, "rule", "add", "--src", "any", "--dst", tb.vmMac(3), "--from", "if:eth0",
            "--to", "link:h1");
        assertTrue(add.ok(), add.toString());

        final long viaHub = tb.linkTxFrames(2, "h1");
        assertTrue(tb.ping(2, 3, 5));
        assertTrue(tb.linkTxFrames(2, "h1") - viaHub >= 5, "after the rule change h2 sends v3's frames to the hub");
    }

    @Test
    @Order(6)
    void shouldRefuseBadCommandsWithAClearErrorAndKeepState() {
        final String before = tb.vnetctl(2, "--json", "rule", "list").out();
        final Testbed.Result badPeer = tb.vnetctl(2, "link", "add", "x", "--transport", transport(), "--peer", "nonsense");
        assertEquals(1, badPeer.code(), badPeer.toString());
        assertTrue(badPeer.err().startsWith("vnetctl:"), badPeer.toString());
        final Testbed.Result badRule = tb.vnetctl(2, "rule", "add", "--src", "any", "--dst", "any", "--from", "any",
            "--to", "link:nosuch");
        assertEquals(1, badRule.code(), badRule.toString());
        assertTrue(badRule.err().contains("nosuch"), badRule.toString());
        final Testbed.Result badDel = tb.vnetctl(2, "rule", "del", "9999");
        assertEquals(1, badDel.code(), badDel.toString());
        final Testbed.Result badMac = tb.vnetctl(2, "rule", "add", "--src", "zz:zz", "--dst", "any", "--from", "any",
            "--to", "link:h1");
        assertEquals(1, badMac.code(), badMac.toString());
        assertEquals(before, tb.vnetctl(2, "--json", "rule", "list").out(), "refused commands changed nothing");
        assertTrue(tb.ping(2, 1, 2), "the daemon still forwards");
    }

    @Test
    @Order(7)
    void shouldCountHostileInputAndKeepForwarding() {
        final long before = tb.systemCounter(1, garbageCounter());
        sendGarbageToHub();
        Await.until(Duration.ofSeconds(10), garbageCounter() + " on h1 to count the garbage (above " + before + ")",
            () -> tb.systemCounter(1, garbageCounter()), after -> after > before);
        assertTrue(tb.ping(1, 2, 2), "h1 still forwards");
    }

    @Test
    @Order(8)
    void shouldStopTrafficWhenALinkIsDeletedAndResumeWhenReAdded() {
        assertTrue(tb.ping(1, 2, 1));
        final Testbed.Result del = tb.vnetctl(1, "link", "del", "h2");
        assertTrue(del.ok(), del.toString());
        // acknowledged means applied: no frame goes to h2 from here on
        assertFalse(tb.ping(1, 2, 2), "v1 cannot reach v2 once h1's link to h2 is gone");
        final List<String> add = new java.util.ArrayList<>(List.of("link", "add", "h2", "--transport", transport(),
            "--peer", "10.200.0.2:" + port()));
        if (!"udp".equals(transport())) {
            add.add("--accept");
        }
        final Testbed.Result readd = tb.vnetctl(1, add.toArray(new String[0]));
        assertTrue(readd.ok(), readd.toString());
        assertTrue(tb.pingWithin(1, 2, 20), "v1 reaches v2 again once the link is back");
    }

    @Test
    @Order(9)
    void shouldRestoreInterfacesLinksAndRulesAfterRestart() {
        final Testbed.Result add = tb.vnetctl(2, "rule", "add", "--src", "any", "--dst", tb.vmMac(1), "--from", "if:eth0",
            "--to", "link:h1");
        assertTrue(add.ok(), add.toString());
        final String rulesBefore = tb.vnetctl(2, "--json", "rule", "list").out();
        final String linksBefore = tb.vnetctl(2, "--json", "link", "list").out();
        final String ifsBefore = tb.vnetctl(2, "--json", "if", "list").out();

        tb.stopDaemon(2);
        assertFalse(tb.vnetctl(2, "status").ok(), "the daemon is down");
        tb.startDaemon(2);

        assertEquals(rulesBefore, tb.vnetctl(2, "--json", "rule", "list").out());
        assertEquals(linksBefore, tb.vnetctl(2, "--json", "link", "list").out());
        assertEquals(ifsBefore, tb.vnetctl(2, "--json", "if", "list").out());
        assertTrue(tb.pingWithin(2, 1, 20), "v2 reaches v1 through the restarted daemon");
    }
}
