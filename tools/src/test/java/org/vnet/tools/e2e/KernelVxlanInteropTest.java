package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vnet.testing.Privileged;

/**
 * vnet joins a plain VXLAN fabric: VM v1 behind vnetd (kernel data path, a {@code vxlan} link) and
 * VM v2 behind a Linux VXLAN device ({@code ip link add ... type vxlan}, no vnetd) reach each other
 * both ways, ARP included, and established flows are switched in the kernel at v1's host.
 */
@Privileged
@Tag("e2e")
@Timeout(240)
class KernelVxlanInteropTest {
    private Testbed tb;

    @AfterEach
    void down() {
        if (tb != null) {
            tb.close();
        }
    }

    private void ok(final Testbed.Result r) {
        assertTrue(r.ok(), r.toString());
    }

    private JsonNode kernel() {
        return tb.vnetctlJson(1, "stats").path("stats").path("kernel");
    }

    @Test
    void shouldTalkBothWaysWithAVmBehindAPlainLinuxVxlanDevice() {
        tb = Testbed.up(2, "udp", "mesh", "--datapath", "auto");
        final String path = tb.vnetctlJson(1, "status").path("status").path("interfaceDataPaths").path("eth0").asText();
        assumeTrue("kernel".equals(path), "no kernel data path here: " + path);
        // h2 becomes a plain VXLAN host: no vnetd, v2's eth0 a Linux VXLAN device on VNI 1, port 7703
        tb.stopDaemon(2);
        final String h2 = tb.hostNs(2);
        final String v2 = tb.vmNs(2);
        ok(Testbed.run(10, List.of("ip", "-n", v2, "link", "del", "eth0")));
        ok(Testbed.run(10, List.of("ip", "-n", h2, "link", "add", "eth0", "type", "vxlan", "id", "1", "local",
            "10.200.0.2", "dev", "ul0", "dstport", "7703")));
        ok(Testbed.run(10, List.of("ip", "-n", h2, "link", "set", "eth0", "netns", v2)));
        ok(Testbed.run(10, List.of("ip", "-n", v2, "link", "set", "eth0", "address", tb.vmMac(2), "mtu", "1400")));
        ok(Testbed.run(10, List.of("ip", "-n", v2, "addr", "add", tb.vmIp(2) + "/24", "dev", "eth0")));
        ok(Testbed.run(10, List.of("ip", "-n", v2, "link", "set", "eth0", "up")));
        ok(Testbed.run(10, List.of("bridge", "-n", v2, "fdb", "append", "00:00:00:00:00:00", "dev", "eth0", "dst",
            "10.200.0.1")));
        // h1 reaches it by a vxlan link instead of its vnet link
        ok(tb.vnetctl(1, "link", "del", "h2"));
        ok(tb.vnetctl(1, "link", "add", "h2", "--transport", "vxlan", "--peer", "10.200.0.2:7703"));

        assertTrue(tb.pingWithin(1, 2, 20), "v1 (vnetd) -> v2 (plain VXLAN)");
        final Testbed.Result back = tb.exec(20, v2, "ping", "-c", "5", "-i", "0.2", "-W", "1", tb.vmIp(1));
        assertTrue(back.ok(), "v2 (plain VXLAN) -> v1 (vnetd): " + back);

        for (final boolean reverse : new boolean[] {false, true}) {
            tb.iperf3Server(v2);
            final Testbed.Result r = tb.exec(40, tb.vmNs(1), reverse
                ? new String[] {"iperf3", "-c", tb.vmIp(2), "-t", "2", "-R"}
                : new String[] {"iperf3", "-c", tb.vmIp(2), "-t", "2"});
            assertTrue(r.ok(), (reverse ? "v2 -> v1 " : "v1 -> v2 ") + r);
        }
        final JsonNode k = kernel();
        assertTrue(k.path("txSwitchedInKernel").asLong() > 1_000, "h1 switched v1's stream in the kernel: " + k);
        assertTrue(k.path("rxSwitchedInKernel").asLong() > 1_000, "h1 delivered v2's stream in the kernel: " + k);
        assertEquals(0, k.path("rxUnknownPeerDrops").asLong(), k.toString());
    }
}
