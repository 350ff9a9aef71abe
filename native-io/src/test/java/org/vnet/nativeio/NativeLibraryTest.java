package org.vnet.nativeio;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class NativeLibraryTest
{
    @Test
    void shouldBeAvailableWhenLibraryShipsOnClasspath()
    {
        assertTrue(NativeLibrary.isAvailable(), () -> "cause: " + NativeLibrary.unavailabilityCause());
        assertNull(NativeLibrary.unavailabilityCause());
        assertSame(NativeTapIo.instance(), TapDevice.defaultIo());
    }

    @Test
    void shouldReportKillSwitchWithoutLoadingLibrary()
    {
        final Throwable cause = NativeLibrary.unavailabilityCause("true", () ->
        {
            fail("loader must not run when disabled");
            return null;
        });

        assertInstanceOf(UnsupportedOperationException.class, cause);
        assertTrue(cause.getMessage().contains(NativeLibrary.DISABLE_PROP_NAME), cause.getMessage());
    }

    @Test
    void shouldUseLoaderOutcomeWhenNotDisabled()
    {
        final UnsatisfiedLinkError loadFailure = new UnsatisfiedLinkError("no libvnetfwd");

        assertNull(NativeLibrary.unavailabilityCause(null, () -> null));
        assertNull(NativeLibrary.unavailabilityCause("false", () -> null));
        assertSame(loadFailure, NativeLibrary.unavailabilityCause("", () -> loadFailure));
    }

    @Test
    void shouldFallBackToJnaInJvmStartedWithKillSwitch() throws Exception
    {
        final String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        final Process process = new ProcessBuilder(
            java, "-D" + NativeLibrary.DISABLE_PROP_NAME + "=true",
            "-cp", System.getProperty("java.class.path"), KillSwitchProbe.class.getName())
            .redirectErrorStream(true)
            .start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "probe JVM did not finish");

        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("available=false io=jna cause=java.lang.UnsupportedOperationException"), output);
    }

    @Test
    void shouldThrowFromNativeInstanceOnlyWhenUnavailable()
    {
        if (NativeLibrary.isAvailable())
        {
            NativeLibrary.ensureAvailability();
            assertEquals("native", NativeTapIo.instance().implementationName());
        }
        else
        {
            assertThrows(UnsatisfiedLinkError.class, NativeTapIo::instance);
        }
        assertFalse(JnaTapIo.instance().implementationName().isEmpty());
    }
}
