package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vnet.testing.Await;
import org.vnet.testing.Privileged;

/**
 * Least privilege: started as root by {@code tools/bin/vnetd}, a daemon holds only the capabilities its
 * configuration needs, in every set (the bounding set too), with no new privileges, an explicit heap, and
 * still forwards and takes run-time changes.
 */
@Privileged
@Tag("e2e")
@Timeout(240)
class PrivilegeTest {
    private static final long NET_ADMIN = 1L << 12;
    private static final long SYS_ADMIN = 1L << 21;
    private static final long BPF = 1L << 39;

    private Testbed tb;

    @AfterEach
    void down() {
        if (tb != null) {
            tb.close();
        }
    }

    @Test
    void shouldForwardWithOnlyTheCapabilitiesItsConfigurationNeeds() throws IOException {
        tb = Testbed.up(2, "udp", "mesh", "--datapath", "auto");
        for (int h = 1; h <= 2; h++) {
            final Map<String, String> status = status(tb.daemonPid(h));
            final long eff = Long.parseUnsignedLong(status.get("CapEff"), 16);
            // the testbed's TAPs live in the VMs' namespaces: opening them needs setns, hence sys_admin
            final long expected = NET_ADMIN | SYS_ADMIN | BPF;
            assertEquals(Long.toHexString(expected), Long.toHexString(eff), "h" + h + " CapEff");
            assertEquals(Long.toHexString(expected),
                Long.toHexString(Long.parseUnsignedLong(status.get("CapBnd"), 16)), "h" + h + " CapBnd");
            assertEquals("0000000000000000", status.get("CapAmb"), "h" + h + " CapAmb");
            assertEquals("1", status.get("NoNewPrivs"), "h" + h + " NoNewPrivs");
            assertTrue(cmdline(tb.daemonPid(h)).contains("-Xmx512m"), "h" + h + " runs with an explicit heap");
            assertTrue(tb.vnetctlJson(h, "status").path("status").path("privileges").asText()
                .endsWith(", no new privileges"), "vnetctl status tells the privileges");
        }
        assertTrue(tb.pingWithin(1, 2, 20), "VM 1 reaches VM 2 through daemons without other capabilities");
    }

    @Test
    void shouldTakeRunTimeChangesWithOnlyNetAdminAndBpfWhenItsTapsAreItsOwn() throws IOException {
        tb = Testbed.up(2, "udp", "mesh", "--datapath", "java");
        final Path run = tb.runDir();
        final Path socket = run.resolve("own.sock");
        final Path config = run.resolve("own.yaml");
        Files.writeString(config, String.join("\n",
            "name: own",
            "listen: { udp: \"127.0.0.1:7790\" }",
            "control: \"" + socket + "\"",
            "state: \"" + run.resolve("own.state.json") + "\"",
            "counters: \"" + run.resolve("own.counters") + "\"",
            "interfaces: [ { name: ownt0 } ]",
            "datapath: { mode: auto }", ""));
        final long pid = Long.parseLong(tb.spawn("own", tb.hostNs(1), Testbed.VNETD.toString(), "--config",
            config.toString()).trim());
        final Testbed.Result[] last = new Testbed.Result[1];
        Await.until(Duration.ofSeconds(60), "the daemon to answer on its control socket", () -> {
            last[0] = Testbed.run(20, java.util.List.of(Testbed.VNETCTL.toString(), "-s", socket.toString(), "status"));
            return last[0].ok();
        });
        final Map<String, String> status = status(pid);
        final long eff = Long.parseUnsignedLong(status.get("CapEff"), 16);
        assertEquals(0, eff & ~(NET_ADMIN | BPF), "nothing but net_admin and bpf: " + status.get("CapEff"));
        assertTrue((eff & NET_ADMIN) != 0, "net_admin kept");
        assertEquals("1", status.get("NoNewPrivs"));
        assertTrue(ctl(socket, "if", "add", "ownt1").ok(), "a TAP added at run time");
        assertTrue(ctl(socket, "link", "add", "--transport", "udp", "--peer", "127.0.0.2:7790", "h9").ok(),
            "a link added at run time");
        final String links = ctl(socket, "link", "list").out();
        assertTrue(links.contains("h9"), links);
        assertTrue(tb.exec(10, tb.hostNs(1), "ip", "link", "show", "ownt1").ok(), "the TAP exists");
    }

    private static Testbed.Result ctl(final Path socket, final String... args) {
        final java.util.List<String> c = new java.util.ArrayList<>(java.util.List.of(Testbed.VNETCTL.toString(), "-s",
            socket.toString()));
        c.addAll(java.util.List.of(args));
        return Testbed.run(30, c);
    }

    private static Map<String, String> status(final long pid) throws IOException {
        final Map<String, String> fields = new HashMap<>();
        for (final String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            final int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    private static String cmdline(final long pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' ');
    }
}
