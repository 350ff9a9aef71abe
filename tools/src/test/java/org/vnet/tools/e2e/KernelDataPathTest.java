package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vnet.testing.Await;
import org.vnet.testing.Privileged;

/**
 * The kernel data path end to end on a two-host testbed: established flows switched by eBPF into
 * a collect_md VXLAN device and back, vnetd as slow path and control plane.
 */
@Privileged
@Tag("e2e")
@Timeout(300)
class KernelDataPathTest {
    private Testbed tb;

    @AfterEach
    void down() {
        if (tb != null) {
            tb.close();
        }
    }

    private void upKernel(final String... extra) {
        final List<String> args = new java.util.ArrayList<>(List.of("--datapath", "auto"));
        args.addAll(List.of(extra));
        tb = Testbed.up(2, "udp", "mesh", args.toArray(new String[0]));
        final String path = dataPath(1);
        assumeTrue("kernel".equals(path), "no kernel data path here: " + path);
        assertEquals("kernel", dataPath(2));
    }

    private String dataPath(final int host) {
        return tb.vnetctlJson(host, "status").path("status").path("interfaceDataPaths").path("eth0").asText();
    }

    private JsonNode kernel(final int host) {
        return tb.vnetctlJson(host, "stats").path("stats").path("kernel");
    }

    private long kernelStat(final int host, final String name) {
        return kernel(host).path(name).asLong();
    }

    /** Waits until both hosts have a flow installed for the VM pair (the offers have been heard). */
    private void awaitFlows() {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            tb.exec(10, tb.vmNs(1), "ping", "-c", "3", "-i", "0.05", "-W", "1", "-q", tb.vmIp(2));
            if (kernelStat(1, "flowsInstalled") > 0 && kernelStat(2, "flowsInstalled") > 0) {
                return;
            }
        }
        throw new AssertionError("no flows installed within 20 s: h1 " + kernel(1) + " h2 " + kernel(2));
    }

    private Testbed.Result iperf(final int seconds, final String... extra) {
        tb.iperf3Server(tb.vmNs(2));
        final List<String> cmd = new java.util.ArrayList<>(List.of("iperf3", "-c", tb.vmIp(2), "-t",
            Integer.toString(seconds), "--connect-timeout", "3000"));
        cmd.addAll(List.of(extra));
        return tb.exec(seconds + 30, tb.vmNs(1), cmd.toArray(new String[0]));
    }

    /** Waits until h1's kernel has switched {@code frames} more frames than {@code start}. */
    private void awaitSwitchedInKernel(final long start, final long frames, final int seconds) {
        Await.until(Duration.ofSeconds(seconds), "h1's txSwitchedInKernel to pass " + (start + frames),
            () -> kernelStat(1, "txSwitchedInKernel"), n -> n >= start + frames);
    }

    @Test
    void shouldSwitchASteadyTcpStreamInTheKernelWithNoSlowPathFramesAfterItsStart() {
        upKernel();
        awaitFlows();
        final Testbed.Result first = iperf(2);
        assertTrue(first.ok(), first.toString());
        final long missBefore = kernelStat(1, "txSlowPathMiss") + kernelStat(1, "txSlowPathHoldoff");
        final long hitsBefore = kernelStat(1, "txSwitchedInKernel");
        final Testbed.Result steady = iperf(3);
        assertTrue(steady.ok(), steady.toString());
        final long missAfter = kernelStat(1, "txSlowPathMiss") + kernelStat(1, "txSlowPathHoldoff");
        assertTrue(kernelStat(1, "txSwitchedInKernel") - hitsBefore > 1_000, "h1 kernel: " + kernel(1));
        assertTrue(kernelStat(2, "rxSwitchedInKernel") > 1_000, "h2 kernel: " + kernel(2));
        assertEquals(missBefore, missAfter, "frames of the established flow that went through vnetd");
        final Testbed.Result reverse = iperf(2, "-R");
        assertTrue(reverse.ok(), reverse.toString());
        final JsonNode k1 = kernel(1);
        assertEquals(0, k1.path("rxUnknownPeerDrops").asLong(), k1.toString());
        assertTrue(k1.path("events").asLong() > 0, "events for inference: " + k1);
    }

    @Test
    void shouldNotReorderAFlowWhenItMovesFromTheSlowPathIntoTheKernel() throws Exception {
        upKernel();
        // the VMs' first contact: ARP and the first segments through vnetd, the rest in the kernel after the
        // hold-off; paced below what the testbed drops, so any out-of-order segment is the switch-over's
        final Testbed.Result r = iperf(2, "-b", "300M", "-J");
        assertTrue(r.ok(), r.toString());
        final JsonNode end = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).path("end");
        final Testbed.Result ofo = tb.exec(10, tb.vmNs(2), "nstat", "-asz", "TcpExtTCPOFOQueue");
        assertTrue(ofo.ok(), ofo.toString());
        long outOfOrder = -1;
        for (final String l : ofo.out().split("\n")) { // "#kernel", then "TcpExtTCPOFOQueue  N  rate"
            final String[] f = l.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("TcpExtTCPOFOQueue")) {
                outOfOrder = Long.parseLong(f[1]);
            }
        }
        assertEquals(0, outOfOrder, "segments v2 queued out of order: " + ofo.out());
        assertEquals(0, end.path("sum_sent").path("retransmits").asLong(), "retransmissions: " + end.path("sum_sent"));
        assertTrue(kernelStat(1, "txSwitchedInKernel") > 1_000, "the flow moved into the kernel: " + kernel(1));
        assertTrue(kernelStat(1, "txSlowPathMiss") > 0, "and started on the slow path: " + kernel(1));
    }

    @Test
    void shouldStopSwitchingToADeletedLinkBeforeTheDeletionIsAcknowledged() throws InterruptedException {
        upKernel();
        awaitFlows();
        final String flood = Testbed.run(10, List.of(Testbed.SCRIPT.toString(), "spawn", "--prefix", tb.prefix,
            "ping-flood", tb.vmNs(1), "ping", "-i", "0.002", "-q", "-W", "1", tb.vmIp(2))).out().trim();
        try {
            awaitSwitchedInKernel(kernelStat(1, "txSwitchedInKernel"), 100, 10); // the flood is switched in the kernel
            final Testbed.Result del = tb.vnetctl(1, "link", "del", "h2");
            assertTrue(del.ok(), del.toString());
            final long afterAck = kernelStat(1, "txSwitchedInKernel");
            Thread.sleep(500); // the subject: 500 ms of the flood after the ack, in which the kernel switches nothing
            assertEquals(afterAck, kernelStat(1, "txSwitchedInKernel"), "frames switched to h2 after the ack");
            assertEquals(0, kernelStat(1, "flowsInstalled"));
        } finally {
            ProcessHandle.of(Long.parseLong(flood)).ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void shouldObeyARuleAddedUnderTrafficFromItsAcknowledgementOn() throws InterruptedException {
        upKernel();
        awaitFlows();
        final String flood = Testbed.run(10, List.of(Testbed.SCRIPT.toString(), "spawn", "--prefix", tb.prefix,
            "ping-flood", tb.vmNs(1), "ping", "-i", "0.002", "-q", "-W", "1", tb.vmIp(2))).out().trim();
        try {
            awaitSwitchedInKernel(kernelStat(1, "txSwitchedInKernel"), 100, 10);
            // a rule sends frames for v2 to another link, to an address of the testbed's underlay where no host is
            final Testbed.Result link = tb.vnetctl(1, "link", "add", "h9", "--transport", "udp", "--peer",
                "10.200.0.99:7700");
            assertTrue(link.ok(), link.toString());
            final Testbed.Result add = tb.vnetctl(1, "rule", "add", "--src", "any", "--dst", tb.vmMac(2), "--from",
                "if:eth0", "--to", "link:h9");
            assertTrue(add.ok(), add.toString());
            final long afterAck = kernelStat(1, "txSwitchedInKernel");
            final long linkAfterAck = tb.linkTxFrames(1, "h2");
            Thread.sleep(500); // the subject: 500 ms of the flood after the ack, none of it switched the old way
            assertEquals(afterAck, kernelStat(1, "txSwitchedInKernel"), "frames the kernel switched after the ack");
            assertEquals(linkAfterAck, tb.linkTxFrames(1, "h2"), "frames sent to h2 after the ack");
            assertTrue(tb.linkTxFrames(1, "h9") > 0, "the slow path applies the rule");
            final Testbed.Result del = tb.vnetctl(1, "rule", "del", "1");
            assertTrue(del.ok(), del.toString());
            assertTrue(tb.pingWithin(1, 2, 10), "the flow comes back once the rule is gone");
        } finally {
            ProcessHandle.of(Long.parseLong(flood)).ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void shouldKeepEstablishedFlowsFlowingWhileTheDaemonIsKilled() throws Exception {
        upKernel();
        awaitFlows();
        final java.util.concurrent.CompletableFuture<Testbed.Result> stream =
            java.util.concurrent.CompletableFuture.supplyAsync(() -> iperf(6, "-i", "1", "-J"));
        awaitSwitchedInKernel(kernelStat(1, "txSwitchedInKernel"), 10_000, 20);
        final long pid = tb.daemonPid(1);
        ProcessHandle.of(pid).ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
            h.onExit().orTimeout(20, TimeUnit.SECONDS).join();
        });
        final long killedAtNs = System.nanoTime();
        final Testbed.Result pings = tb.exec(30, tb.vmNs(1), "ping", "-c", "20", "-i", "0.05", "-W", "1", tb.vmIp(2));
        assertTrue(pings.ok() && pings.out().contains(" 0% packet loss"), "with h1's daemon dead: " + pings);
        final Testbed.Result r = stream.get(60, TimeUnit.SECONDS);
        assertTrue(r.ok(), "the stream that was running when h1's daemon died: " + r);
        final JsonNode intervals = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).path("intervals");
        final int last = intervals.size() - 1;
        assertTrue(last >= 4, r.out());
        for (int i = last - 1; i <= last; i++) {
            final double bps = intervals.get(i).path("sum").path("bits_per_second").asDouble();
            assertTrue(bps > 1e8, "second " + i + " of the stream, daemon dead since "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAtNs) + " ms: " + bps + " b/s");
        }
        tb.startDaemon(1);
        assertEquals("kernel", dataPath(1));
        assertTrue(tb.pingWithin(1, 2, 20), "after the restart");
        awaitFlows();
    }

    @Test
    void shouldDropVxlanFromAnUnadmittedSourceOrVniAndCountIt() {
        upKernel();
        awaitFlows();
        final long before = kernelStat(1, "rxUnknownPeerDrops");
        // 50 VXLAN packets to h1's kernel receiver on a VNI no link uses, each carrying a frame for v1
        final String frame = "bytes.fromhex('" + tb.vmMac(1).replace(":", "") + "020000000099') + b'\\x08\\x00' + bytes(46)";
        final Testbed.Result sent = tb.exec(20, tb.hostNs(2), "python3", "-c",
            "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
                + "for i in range(50): s.sendto(b'\\x08\\x00\\x00\\x00\\x00\\x00\\x63\\x00' + " + frame
                + ", ('10.200.0.1', 7703))\n");
        assertTrue(sent.ok(), sent.toString());
        Await.until(Duration.ofSeconds(10), "h1's rxUnknownPeerDrops to reach " + (before + 50),
            () -> kernelStat(1, "rxUnknownPeerDrops"), n -> n >= before + 50);
        // each packet is either dropped here or delivered, so exactly 50 drops means none reached v1
        assertEquals(before + 50, kernelStat(1, "rxUnknownPeerDrops"), "dropped and counted: " + kernel(1));
        assertTrue(tb.ping(1, 2, 3), "the admitted peer still gets through");
    }

    @Test
    void shouldCountAndDropAFrameAboveTheOverlayMtu() {
        upKernel();
        awaitFlows();
        // the VM claims a larger MTU than the overlay's (1400): its big frames must not vanish silently
        assertTrue(tb.exec(10, tb.vmNs(1), "ip", "link", "set", "eth0", "mtu", "1480").ok());
        final long before = kernelStat(1, "txOversizeDrops");
        final Testbed.Result big = tb.exec(20, tb.vmNs(1), "ping", "-c", "3", "-i", "0.2", "-W", "1", "-M", "do",
            "-s", "1452", tb.vmIp(2));
        assertFalse(big.ok(), "an oversize ping cannot come back: " + big);
        assertTrue(kernelStat(1, "txOversizeDrops") >= before + 3, "counted: " + kernel(1));
        assertTrue(tb.exec(10, tb.vmNs(1), "ip", "link", "set", "eth0", "mtu", "1400").ok());
        assertTrue(tb.ping(1, 2, 3), "normal frames still go");
    }

    @Test
    void shouldFallBackToTheJavaPathAndSayWhyWhenBpfIsUnavailable() {
        tb = Testbed.up(Map.of("VNET_JAVA_OPTS", "-Dvnet.bpf.disable=true"), 2, "udp", "mesh", "--datapath", "auto");
        final JsonNode status = tb.vnetctlJson(1, "status").path("status");
        assertTrue(status.path("dataPath").asText().startsWith("java ("), status.toString());
        assertTrue(status.path("dataPath").asText().contains("vnet.bpf.disable"), status.toString());
        assertTrue(status.path("interfaceDataPaths").path("eth0").asText().startsWith("java"), status.toString());
        assertTrue(tb.ping(1, 2, 3));
        assertEquals(0, tb.vnetctlJson(1, "stats").path("stats").path("kernel").size(), "no kernel counters");
    }
}
