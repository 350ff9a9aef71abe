package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;

/**
 * The live inference suite with the frames switched by the kernel data path: four hosts in a full
 * mesh of UDP links (no hub: every VM pair is a direct kernel flow), the events produced by the
 * eBPF programs into their ring buffer. Same topology, RIR within the same guard, journal readable.
 */
class KernelLiveInferenceTest extends LiveInferenceTest {
    @Override
    Testbed up() {
        final Testbed t = Testbed.up(4, "udp", "mesh", "--journal", "--datapath", "auto");
        final String path = t.vnetctlJson(1, "status").path("status").path("interfaceDataPaths").path("eth0").asText();
        if (!"kernel".equals(path)) {
            t.close();
        }
        assumeTrue("kernel".equals(path), "no kernel data path here: " + path);
        return t;
    }

    /** In the 2x2 torus v1-v2, v1-v3, v2-v4, v3-v4, a neighbour's daemon sees a VM's sends to it. */
    @Override
    int remoteObserver(final int vm) {
        return switch (vm) {
            case 1, 4 -> 2;
            default -> 1;
        };
    }

    @AfterAll
    void theKernelSwitchedTheApplication() {
        if (tb == null) {
            return;
        }
        for (int host = 1; host <= 3; host++) { // h4's daemon was killed by the journal test
            final JsonNode k = tb.vnetctlJson(host, "stats").path("stats").path("kernel");
            assertTrue(k.path("txSwitchedInKernel").asLong() > 1_000 && k.path("events").asLong() > 1_000,
                "h" + host + " switched and recorded the application in the kernel: " + k);
            assertTrue(k.path("eventsDropped").asLong() == 0, "no event lost at h" + host + ": " + k);
        }
    }
}
