package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vnet.testing.Privileged;

/**
 * The inference does not depend on the offload paths: the same Patterns workload (a 2x2 torus with
 * 16 KB messages, so that TAP reads are TCP super-frames cut into segments on the UDP links and
 * joined again) on four hosts, once with the TAPs' offloads on (the default) and once off
 * ({@code -Dvnet.tap.offload=false}: one MTU-sized frame per read), gives the hub the same topology,
 * the same bytes per VM pair (a super-frame counts as the segments it stands for; measured within
 * 0.5 %) and an iteration rate that tracks each run's true rate (live, so only roughly: measured
 * 0.88-1.29 of it per VM, 0.91-1.11 averaged over the four VMs, on this 2-core testbed, with
 * causal rounds; 0.97-1.01 per VM both ways in one run with learned rounds and the span rate).
 */
@Privileged
@Tag("e2e")
@Timeout(420)
class OffloadInferenceTest {
    /** What the hub inferred in one run. */
    record Live(String topology, Map<String, Long> bytes, List<Double> rirOverTruth, List<Long> eventsDropped) {
    }

    private static Live run(final String javaOpts) {
        try (Testbed tb = Testbed.up(Map.of("VNET_JAVA_OPTS", javaOpts), 4, "udp", "star")) {
            LivePatterns.start(tb, "--topology", "torus", "--dims", "2x2", "--iterations", "600", "--message-size",
                "16000", "--elements", "200000", "--flops", "10");
            final List<Double> truth = LivePatterns.trueRates(tb, 150);
            tb.awaitSameTopology(30, t -> !t.endsWith("[]"));
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
        // Live RIR on this 2-core testbed is noisy per VM (docs/inference.md, "Live inference"; offloads off
        // means 12 times more frames for the same daemons, read later and in bursts): measured 0.88-1.29 of
        // the truth per VM, 0.91-1.11 averaged over the four. Guards: the average within 15 %, each VM within
        // 35 % (counting a 16 KB message as several iterations, the failure this test was written for, gave 2-4x).
        for (final Live live : List.of(on, off)) {
            final double mean = live.rirOverTruth().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertTrue(Math.abs(mean - 1) <= 0.15, "average RIR / true rate " + mean + ": " + report);
            for (int vm = 0; vm < 4; vm++) {
                assertTrue(Math.abs(live.rirOverTruth().get(vm) - 1) <= 0.35, "v" + (vm + 1) + ": " + report);
            }
        }
    }
}
