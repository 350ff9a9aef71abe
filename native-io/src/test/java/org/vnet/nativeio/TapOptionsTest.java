package org.vnet.nativeio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TapOptionsTest
{
    @Test
    void shouldResolveNetnsNameUnderVarRunNetns()
    {
        assertEquals("/var/run/netns/blue", new TapOptions().netns("blue").netnsPath());
        assertEquals("/proc/1/ns/net", new TapOptions().netns("/proc/1/ns/net").netnsPath());
        assertNull(new TapOptions().netns("").netnsPath());
    }

    @Test
    void shouldBuildTunFlagsFromOptions()
    {
        assertEquals(TunConstants.IFF_TAP | TunConstants.IFF_NO_PI, new TapOptions().tunFlags());
        assertEquals(TunConstants.IFF_TAP | TunConstants.IFF_NO_PI | TunConstants.IFF_VNET_HDR |
            TunConstants.IFF_MULTI_QUEUE, new TapOptions().vnetHeader(true).multiQueue(true).tunFlags());
    }

    @Test
    void shouldRejectTooLongNameNamingIt()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new TapOptions().name("sixteen-chars-xx").validate());

        assertTrue(ex.getMessage().contains("'sixteen-chars-xx' is 16 bytes"), ex.getMessage());
    }

    @Test
    void shouldRejectNameWithSlashOrSpace()
    {
        assertThrows(IllegalArgumentException.class, () -> new TapOptions().name("a/b").validate());
        assertThrows(IllegalArgumentException.class, () -> new TapOptions().name("a b").validate());
        assertThrows(IllegalArgumentException.class, () -> new TapOptions().name("..").validate());
    }

    @Test
    void shouldRejectRelativeNetnsPath()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new TapOptions().name("vm1").netns("run/netns/x").validate());

        assertTrue(ex.getMessage().contains("absolute path"), ex.getMessage());
    }

    @Test
    void shouldRejectMtuOutOfRange()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new TapOptions().name("vm1").mtu(67).validate());

        assertTrue(ex.getMessage().contains("MTU 67 for TAP 'vm1'"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TapOptions().mtu(65536).validate());
    }

    @Test
    void shouldAcceptDefaultsAndFullSetOfValidOptions()
    {
        new TapOptions().validate();
        final TapOptions options = new TapOptions().name("vm1").netns("blue").mtu(9000).up(false)
            .vnetHeader(true).multiQueue(true).validate();

        assertEquals("vm1", options.name());
        assertEquals(9000, options.mtu());
        assertTrue(options.vnetHeader() && options.multiQueue() && !options.up());
    }
}
