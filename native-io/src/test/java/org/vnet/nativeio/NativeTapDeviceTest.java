package org.vnet.nativeio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The TAP suite over libvnetfwd.so, plus the default choice of implementation.
 */
class NativeTapDeviceTest extends AbstractTapDeviceTest
{
    @Override
    TapIo io()
    {
        return NativeTapIo.instance();
    }

    @Test
    void shouldOpenWithNativeIoByDefaultWhenAvailable() throws Exception
    {
        final TestNamespace ns = namespace();
        try (TapDevice tap = TapDevice.open(new TapOptions().name(ns.nextTapName()).netns(ns.name()).up(false)))
        {
            assertEquals("native", tap.io().implementationName());
            assertEquals(0, ns.ipStatus("link", "show", tap.name()));
        }
    }
}
