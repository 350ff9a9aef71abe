package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vnet.testing.Await;
import org.vnet.testing.Privileged;

/**
 * Adaptation end to end on a four-host UDP star whose hub leads and whose spokes follow: real TCP
 * traffic (iperf3) between two spokes' VMs makes the hub add a fast-path link between them, and
 * take it away a dwell after the traffic stops; traffic that keeps swinging across the threshold
 * adds one link and never removes it.
 */
@Privileged
@Tag("e2e")
@Timeout(240)
class AdaptationTest {
    private static final long DWELL_MILLIS = 6_000;
    private static final String OPTS = "enabled: true, addBytesPerSecond: 300000, removeBytesPerSecond: 50000, dwellMillis: "
        + DWELL_MILLIS + ", periodMillis: 1000, windowMillis: 3000";

    private Testbed tb;

    @AfterEach
    void down() {
        if (tb != null) {
            tb.close();
        }
    }

    private List<String> adaptedLinks(final int host) {
        final List<String> names = new ArrayList<>();
        for (final JsonNode l : tb.vnetctlJson(host, "link", "list").path("links")) {
            if (l.path("adapted").asBoolean()) {
                names.add(l.path("name").asText());
            }
        }
        return names;
    }

    private List<JsonNode> decisions(final String action) {
        final List<JsonNode> list = new ArrayList<>();
        tb.vnetctlJson(1, "adapt", "status").path("decisions").forEach(d -> {
            if (action.equals(d.path("action").asText())) {
                list.add(d);
            }
        });
        return list;
    }

    @Test
    void shouldAddAFastPathLinkForTheBusyPairAndRemoveItADwellAfterTheTrafficStops() {
        tb = Testbed.up(4, "udp", "star", "--datapath", "auto", "--adapt-opts", OPTS);
        tb.iperf3Server(tb.vmNs(3));
        final String client = tb.spawn("iperf3-client", tb.vmNs(2), "iperf3", "-c", tb.vmIp(3), "-b", "8M", "-t", "60");

        Await.until(Duration.ofSeconds(30), "h2 and h3 to have an adapted link to each other",
            () -> adaptedLinks(2) + " " + adaptedLinks(3), s -> s.equals("[h3] [h2]"));
        final JsonNode rules = tb.vnetctlJson(2, "rule", "list").path("rules");
        assertEquals(1, rules.size(), rules.toString());
        assertEquals(tb.vmMac(3), rules.get(0).path("dst").asText());
        assertEquals("link:h3", rules.get(0).path("to").asText());
        assertTrue(rules.get(0).path("adapted").asBoolean());
        assertEquals(List.of(), adaptedLinks(4), "h4 carries no traffic: no link");
        final List<JsonNode> adds = decisions("add");
        assertEquals(1, adds.size(), adds.toString());
        assertEquals("h2", adds.get(0).path("a").asText());
        assertEquals("h3", adds.get(0).path("b").asText());
        assertTrue(adds.get(0).path("reason").asText().contains("at or above"), adds.get(0).toString());

        final long viaHub = tb.linkTxFrames(2, "h1");
        final long direct = tb.linkTxFrames(2, "h3");
        assertTrue(tb.ping(2, 3, 5), "v2 reaches v3 over the fast-path link");
        assertTrue(tb.linkTxFrames(2, "h3") > direct, "the pair's frames leave on the adapted link");
        assertTrue(tb.linkTxFrames(2, "h1") - viaHub < 5, "and no longer through the hub");

        ProcessHandle.of(Long.parseLong(client)).ifPresent(ProcessHandle::destroy);
        final long stopped = System.currentTimeMillis();
        Await.until(Duration.ofSeconds(30), "the adapted links to go once the traffic stopped",
            () -> adaptedLinks(2) + " " + adaptedLinks(3), s -> s.equals("[] []"));
        final List<JsonNode> removes = decisions("remove");
        assertEquals(1, removes.size(), removes.toString());
        assertTrue(removes.get(0).path("atMillis").asLong() - stopped >= DWELL_MILLIS - 1_500,
            "not removed before a dwell of low traffic: " + removes.get(0));
        assertEquals(0, tb.vnetctlJson(2, "rule", "list").path("rules").size(), "its rule went with it");
        assertTrue(tb.pingWithin(2, 3, 10), "v2 reaches v3 through the hub again");
    }

    @Test
    void shouldNotFlapWhenTrafficSwingsAroundTheThreshold() {
        tb = Testbed.up(4, "udp", "star", "--adapt-opts", OPTS);
        tb.spawn("iperf3-server", tb.vmNs(3), "iperf3", "-s");
        tb.awaitListening(tb.vmNs(3), "tcp", 5201);
        // 8 bursts of 2 s at 8 Mbit/s with 2 s pauses between them: each pause is shorter than a dwell
        final Testbed.Result r = tb.exec(120, tb.vmNs(2), "sh", "-c", "for i in 1 2 3 4 5 6 7 8; do [ $i = 1 ] || sleep 2; "
            + "iperf3 -c " + tb.vmIp(3) + " -b 8M -t 2 >/dev/null || exit 1; done");
        assertTrue(r.ok(), r.toString());
        final JsonNode status = tb.vnetctlJson(1, "adapt", "status");
        final List<String> actions = new ArrayList<>();
        status.path("decisions").forEach(d -> actions.add(d.path("action").asText() + " " + d.path("a").asText() + "-"
            + d.path("b").asText()));
        assertEquals(List.of("add h2-h3"), actions, "one link added, never removed while the traffic swung");
        assertEquals(1, status.path("links").size(), status.toString());
    }
}
