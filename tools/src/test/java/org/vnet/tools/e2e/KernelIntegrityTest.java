package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;

/**
 * Integrity over a UDP link on the kernel data path (eBPF on the TAPs, standard VXLAN between
 * the hosts): the same TCP streams, datagrams of every size, bursts, UDP_SEGMENT sends and pings
 * as on the Java path, and at the end the kernel must have switched most of it.
 */
class KernelIntegrityTest extends IntegritySuite {
    @Override
    String transport() {
        return "udp";
    }

    @Override
    List<String> testbedOptions() {
        return List.of("--datapath", "auto");
    }

    @Override
    void afterUp() {
        final JsonNode status = tb.vnetctlJson(1, "status");
        final String path = status.path("status").path("interfaceDataPaths").path("eth0").asText();
        if (!"kernel".equals(path)) {
            tb.close();
            tb = null;
        }
        assumeTrue("kernel".equals(path), "eth0 is not on the kernel path: " + path);
    }

    @AfterAll
    void kernelCarriedTheTraffic() {
        if (tb == null) {
            return;
        }
        final JsonNode k1 = tb.vnetctlJson(1, "stats").path("stats").path("kernel");
        final JsonNode k2 = tb.vnetctlJson(2, "stats").path("stats").path("kernel");
        assertEquals(true, k1.path("txSwitchedInKernel").asLong() > 10_000, "h1 switched in the kernel: " + k1);
        assertEquals(true, k2.path("rxSwitchedInKernel").asLong() > 10_000, "h2 delivered in the kernel: " + k2);
    }
}
