package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.vnet.testing.Privileged;

/**
 * Two hosts with {@code testbed.sh --http}: curl fetches {@code /metrics} from inside h1's
 * namespace, promtool finds nothing to say about it, and h1's link byte counters grow with a ping
 * across the overlay.
 */
@Privileged
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class MetricsTest {
    private static final int PORT = 9477;
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private Testbed tb;

    @BeforeAll
    void up() {
        tb = Testbed.up(2, "udp", "star", "--http", Integer.toString(PORT));
    }

    @AfterAll
    void down() {
        if (tb != null) {
            tb.close();
        }
    }

    @Test
    void shouldServeMetricsThatPassPromtoolAndCountThePing() throws Exception {
        assertTrue(tb.pingWithin(1, 2, 30), "v1 -> v2");
        final String before = metrics(1);
        final double rx = value(before, "vnet_link_rx_bytes_total{link=\"h2\"}");
        final double tx = value(before, "vnet_link_tx_bytes_total{link=\"h2\"}");
        assertTrue(tb.ping(1, 2, 5), "five pings v1 -> v2");
        final String after = metrics(1);
        // five echo requests out and five replies in, 98 bytes of Ethernet frame each
        assertTrue(value(after, "vnet_link_tx_bytes_total{link=\"h2\"}") >= tx + 5 * 98, after);
        assertTrue(value(after, "vnet_link_rx_bytes_total{link=\"h2\"}") >= rx + 5 * 98, after);
        assertEquals(1.0, value(after, "vnet_link_up{link=\"h2\"}"), after);
        assertTrue(after.contains("\njvm_memory_used_bytes{"), "JVM metrics");
        final Path file = Files.writeString(tb.runDir().resolve("h1.metrics.txt"), after);
        final Testbed.Result check = Testbed.run(60, List.of("sh", "-c", PROMTOOL + " check metrics < " + file));
        assertTrue(check.ok(), check.toString());
        assertEquals("", (check.out() + check.err()).strip(), "promtool had something to say");
    }

    /** {@code /metrics} of host {@code i}, fetched with curl inside its namespace. */
    private String metrics(final int i) {
        final Testbed.Result r = tb.exec(30, tb.hostNs(i), "curl", "-fsS", "--max-time", "20",
            "http://127.0.0.1:" + PORT + "/metrics");
        assertTrue(r.ok(), r.toString());
        return r.out();
    }

    /** The value of the sample {@code series} (name with labels) in {@code exposition}. */
    private static double value(final String exposition, final String series) {
        final Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        assertTrue(m.find(), "no sample " + series + " in:\n" + exposition);
        return Double.parseDouble(m.group(1));
    }
}
