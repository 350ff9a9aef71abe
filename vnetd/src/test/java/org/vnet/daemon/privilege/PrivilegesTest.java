package org.vnet.daemon.privilege;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class PrivilegesTest {
    private static final String DROPPED = String.join("\n", "Name:\tjava", "Uid:\t0\t0\t0\t0", "Gid:\t0\t0\t0\t0",
        "CapInh:\t0000008000001000", "CapPrm:\t0000008000001000", "CapEff:\t0000008000001000",
        "CapBnd:\t0000008000001000", "CapAmb:\t0000000000000000", "NoNewPrivs:\t1", "Seccomp:\t0", "");
    private static final String FULL_ROOT = DROPPED.replace("0000008000001000", "000001ffffffffff")
        .replace("NoNewPrivs:\t1", "NoNewPrivs:\t0");

    @Test
    void shouldReadTheCapabilitySetsAndNoNewPrivsOfAProcessStatus() throws IOException {
        final Privileges p = Privileges.parse(DROPPED);
        assertEquals(0, p.uid());
        assertEquals(Capability.NET_ADMIN.bit() | Capability.BPF.bit(), p.effective());
        assertEquals(p.effective(), p.bounding());
        assertTrue(p.noNewPrivs());
        assertTrue(p.has(Capability.NET_ADMIN));
        assertFalse(p.has(Capability.SYS_ADMIN));
        assertEquals("uid 0, capabilities net_admin,bpf, no new privileges", p.describe());
    }

    @Test
    void shouldSummariseAFullSetInsteadOfNamingFortyCapabilities() throws IOException {
        assertEquals("uid 0, capabilities 41 (mask 1ffffffffff), new privileges allowed",
            Privileges.parse(FULL_ROOT).describe());
    }

    @Test
    void shouldNameCapabilitiesByTheKernelsNames() {
        assertEquals("none", Privileges.names(0));
        assertEquals("net_bind_service,net_admin,sys_admin,bpf", Privileges.names(
            Capability.NET_BIND_SERVICE.bit() | Capability.NET_ADMIN.bit() | Capability.SYS_ADMIN.bit()
                | Capability.BPF.bit()));
        assertEquals("cap_50", Privileges.names(1L << 50));
    }

    @Test
    void shouldRefuseAStatusWithoutTheCapabilityFields() {
        final IOException e = assertThrows(IOException.class,
            () -> Privileges.parse("Name:\tjava\nUid:\t0\t0\t0\t0\n"));
        assertTrue(e.getMessage().contains("CapEff"), e.getMessage());
        assertThrows(IOException.class, () -> Privileges.parse(DROPPED.replace("0000008000001000", "zz")));
    }

    @Test
    void shouldReadThisProcessesOwnStatus() throws IOException {
        final Privileges p = Privileges.current();
        assertEquals(new com.sun.security.auth.module.UnixSystem().getUid(), p.uid());
        assertEquals(p.effective(), p.effective() & p.permitted(), "effective is within permitted");
    }
}
