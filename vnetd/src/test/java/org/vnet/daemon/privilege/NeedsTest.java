package org.vnet.daemon.privilege;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.config.ConfigException;
import org.vnet.daemon.config.DaemonConfig;

class NeedsTest {
    @TempDir
    Path dir;

    private Map<Capability, String> needs(final String yaml) throws IOException, ConfigException {
        return Needs.of(DaemonConfig.load(Files.writeString(dir.resolve("h1.yaml"), yaml)));
    }

    @Test
    void shouldNeedOnlyNetAdminForAJavaPathDaemonWithItsOwnTaps() throws Exception {
        final Map<Capability, String> n = needs("""
            name: h1
            listen: { udp: "127.0.0.1:7700" }
            interfaces: [ { name: tap0 } ]
            datapath: { mode: java }
            """);
        assertEquals("+net_admin", Needs.asSetprivList(n));
    }

    @Test
    void shouldNeedBpfForTheKernelPathAndSysAdminOnlyForTapsInOtherNamespaces() throws Exception {
        final Map<Capability, String> n = needs("""
            name: h1
            listen: { udp: "127.0.0.1:7700" }
            interfaces: [ { name: eth0, netns: vm1 } ]
            """);
        assertEquals("+net_admin,+sys_admin,+bpf", Needs.asSetprivList(n));
        assertEquals("interface eth0 is in network namespace vm1", n.get(Capability.SYS_ADMIN));
        assertTrue(n.get(Capability.BPF).contains("datapath.mode auto"), n.get(Capability.BPF));
    }

    @Test
    void shouldNeedNetBindServiceForAListenPortBelow1024() throws Exception {
        final Map<Capability, String> n = needs("""
            name: h1
            listen: { udp: "127.0.0.1:7700", tcp: "127.0.0.1:700" }
            datapath: { mode: java }
            """);
        assertEquals("+net_bind_service,+net_admin", Needs.asSetprivList(n));
        assertEquals("listen port 700 is below 1024", n.get(Capability.NET_BIND_SERVICE));
    }
}
