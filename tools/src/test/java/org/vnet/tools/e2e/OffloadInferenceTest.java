package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The inference does not depend on the offload paths: the same Patterns workload (a 2x2 torus with
 * 16 KB messages, so that TAP reads are TCP super-frames cut into segments on the UDP links and
 * joined again) on four hosts, once with the TAPs' offloads on (the default) and once off
 * ({@code -Dvnet.tap.offload=false}: one MTU-sized frame per read), gives the hub the same topology,
 * the same bytes per VM pair (a super-frame counts as the segments it stands for) and the same
 * iteration rate relative to each run's true rate.
 */
@Tag("e2e")
@Timeout(420)
class OffloadInferenceTest {
    private static final Pattern RATE = Pattern.compile("rate_it_per_s=([0-9.]+)");

    /** What the hub inferred in one run. */
    record Live(String topology, Map<String, Long> bytes, List<Double> rirOverTruth, List<Long> eventsDropped) {
    }

    private static Live run(final String javaOpts) {
        try (Testbed tb = Testbed.up(Map.of("VNET_JAVA_OPTS", javaOpts), 4, "udp", "star")) {
            final String peers = String.join(",", tb.vmIp(1), tb.vmIp(2), tb.vmIp(3), tb.vmIp(4));
            for (int rank = 3; rank >= 0; rank--) {
                final Testbed.Result r = Testbed.run(20, List.of(Testbed.SCRIPT.toString(), "spawn", "--prefix",
                    tb.prefix, "patterns" + rank, tb.vmNs(rank + 1), Testbed.ROOT.resolve("tools/bin/patterns").toString(),
                    "--rank", Integer.toString(rank), "--peers", peers, "--topology", "torus", "--dims", "2x2",
                    "--iterations", "600", "--message-size", "16000", "--elements", "200000", "--flops", "10"));
                assertTrue(r.ok(), r.toString());
            }
            final List<Double> truth = new ArrayList<>();
            final long deadline = System.nanoTime() + 150_000_000_000L;
            for (int rank = 0; rank < 4; rank++) {
                Double rate = null;
                while (rate == null && System.nanoTime() < deadline) {
                    final Matcher m = RATE.matcher(tb.log("patterns" + rank));
                    if (m.find()) {
                        rate = Double.parseDouble(m.group(1));
                    } else {
                        Testbed.sleep(500);
                    }
                }
                assertTrue(rate != null, "rank " + rank + " finished: " + tb.log("patterns" + rank));
                truth.add(rate);
            }
            Testbed.sleep(4500); // two summary periods
            final JsonNode t = tb.vnetctlJson(1, "topology").path("topology");
            final Map<String, Long> bytes = new TreeMap<>();
            final List<String> vms = List.of(tb.vmMac(1), tb.vmMac(2), tb.vmMac(3), tb.vmMac(4));
            for (final JsonNode e : tb.vnetctlJson(1, "matrix").path("matrix")) {
                final int src = vms.indexOf(e.path("src").asText());
                final int dst = vms.indexOf(e.path("dst").asText());
                if (src >= 0 && dst >= 0) {
                    bytes.put("v" + (src + 1) + "->v" + (dst + 1), e.path("bytes").asLong());
                }
            }
            // the testbed's own pings between non-neighbours are noise next to the workload's megabytes
            final long most = bytes.values().stream().mapToLong(Long::longValue).max().orElse(0);
            bytes.values().removeIf(b -> b < most / 100);
            final List<Double> rir = new ArrayList<>();
            for (int vm = 1; vm <= 4; vm++) {
                final int observer = vm == 1 ? 2 : 1;
                rir.add(tb.vnetctlJson(observer, "rir").path("rir").path(tb.vmMac(vm)).path("avg").asDouble(Double.NaN)
                    / truth.get(vm - 1));
            }
            final List<Long> dropped = new ArrayList<>();
            for (int h = 1; h <= 4; h++) {
                dropped.add(tb.systemCounter(h, "eventsDropped"));
            }
            return new Live(t.path("class").asText() + " " + t.path("edges"), bytes, rir, dropped);
        }
    }

    @Test
    void shouldInferTheSameWithTapOffloadsOnAndOff() {
        final Live on = run("");
        final Live off = run("-Dvnet.tap.offload=false");
        final String report = "offloads on: " + on + "\noffloads off: " + off;
        System.out.println(report);
        assertEquals(on.topology(), off.topology(), report);
        assertEquals(8, on.bytes().size(), "the four ring edges, both ways: " + report);
        assertEquals(on.bytes().keySet(), off.bytes().keySet(), report);
        for (final String pair : on.bytes().keySet()) {
            final double a = on.bytes().get(pair);
            final double b = off.bytes().get(pair);
            assertTrue(Math.abs(a - b) / b <= 0.03, pair + " bytes differ by more than 3 %: " + report);
        }
        // Live RIR on this 2-core testbed is within about 10 % of the truth (docs/inference.md, "Live
        // inference"); offloads off means 12 times more frames for the same daemons, read later and in bursts.
        for (int vm = 0; vm < 4; vm++) {
            assertTrue(Math.abs(on.rirOverTruth().get(vm) - 1) <= 0.15, "v" + (vm + 1) + " offloads on: " + report);
            assertTrue(Math.abs(off.rirOverTruth().get(vm) - 1) <= 0.15, "v" + (vm + 1) + " offloads off: " + report);
        }
    }
}
