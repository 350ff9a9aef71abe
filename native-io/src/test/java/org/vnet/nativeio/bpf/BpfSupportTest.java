package org.vnet.nativeio.bpf;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class BpfSupportTest
{
    @Test
    void shouldReportKillSwitchWithoutProbing()
    {
        assertEquals("disabled by vnet.bpf.disable", BpfSupport.unavailabilityCause(" true ", () ->
        {
            fail("probe must not run when disabled");
            return null;
        }));
    }

    @Test
    void shouldUseProbeOutcomeWhenNotDisabled()
    {
        assertNull(BpfSupport.unavailabilityCause(null, () -> null));
        assertNull(BpfSupport.unavailabilityCause("false", () -> null));
        assertEquals("no", BpfSupport.unavailabilityCause("", () -> "no"));
    }

    @Test
    void shouldAcceptCapBpfOrCapSysAdminWithCapNetAdmin()
    {
        final long netAdmin = 1L << BpfSupport.CAP_NET_ADMIN;
        assertNull(BpfSupport.capabilityProblem(netAdmin | 1L << BpfSupport.CAP_BPF));
        assertNull(BpfSupport.capabilityProblem(netAdmin | 1L << BpfSupport.CAP_SYS_ADMIN));
        assertNull(BpfSupport.capabilityProblem(0x000001fffeffffffL));
    }

    @Test
    void shouldNameMissingCapabilities()
    {
        assertEquals("CAP_BPF and CAP_NET_ADMIN not effective (missing CAP_NET_ADMIN; CapEff=8000000000)",
            BpfSupport.capabilityProblem(1L << BpfSupport.CAP_BPF));
        assertTrue(BpfSupport.capabilityProblem(1L << BpfSupport.CAP_NET_ADMIN).contains("missing CAP_BPF;"));
        assertTrue(BpfSupport.capabilityProblem(0).contains("missing CAP_BPF and CAP_NET_ADMIN"));
        assertEquals("cannot read CapEff from /proc/self/status", BpfSupport.capabilityProblem(-1));
    }

    @Test
    void shouldReadOwnCapabilities()
    {
        assertTrue(BpfSupport.readCapEff() >= 0);
    }

    @Test
    void shouldGiveOneLineReasonOrNone()
    {
        final String cause = BpfSupport.unavailabilityCause();
        assertEquals(null == cause, BpfSupport.isAvailable());
        if (null != cause)
        {
            assertTrue(!cause.isEmpty() && !cause.contains("\n"), cause);
        }
    }

    @Test
    void shouldBeUnavailableInJvmStartedWithKillSwitch() throws Exception
    {
        final String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        final Process process = new ProcessBuilder(
            java, "-D" + BpfSupport.DISABLE_PROP_NAME + "=true",
            "-cp", System.getProperty("java.class.path"), BpfSupportProbe.class.getName())
            .redirectErrorStream(true)
            .start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "probe JVM did not finish");

        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("available=false cause=disabled by vnet.bpf.disable"), output);
    }
}
