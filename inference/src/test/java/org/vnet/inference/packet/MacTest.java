package org.vnet.inference.packet;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MacTest
{
    @Test
    void shouldFormatAsLowerCaseColonSeparatedHex()
    {
        assertEquals("02:00:5e:aa:00:02", Mac.format(0x0200_5EAA_0002L));
        assertEquals("ff:ff:ff:ff:ff:ff", Mac.format(Mac.BROADCAST));
        assertEquals("00:00:00:00:00:00", Mac.format(0));
    }

    @Test
    void shouldParseColonOrDashSeparatedHexInEitherCase()
    {
        assertEquals(0x0200_5EAA_0002L, Mac.parse("02:00:5E:aa:00:02"));
        assertEquals(0x0200_5EAA_0002L, Mac.parse("02-00-5e-aa-00-02"));
        assertEquals(Mac.BROADCAST, Mac.parse(Mac.format(Mac.BROADCAST)));
    }

    @Test
    void shouldRejectTextThatIsNotAMacWithTheTextInTheMessage()
    {
        for (final String bad : new String[]{ "02:00:00", "02:00:5e:aa:00:0g", "02:00:5e:aa:00:023",
            "02.00.5e.aa.00.02", "2:0:5e:aa:0:2:00", "" })
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mac.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Mac.parse(null));
    }

    @Test
    void shouldReadSixNetworkOrderBytesAtAnyIndex()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[]{ 9, 2, 0, 0x5E, (byte)0xAA, 0, 2, 9 });
        assertEquals(0x0200_5EAA_0002L, Mac.read(buffer, 1));
    }

    @Test
    void shouldTellGroupAddressesByTheirIgBit()
    {
        assertTrue(Mac.isGroup(Mac.BROADCAST));
        assertTrue(Mac.isGroup(0x0100_5E00_0001L));
        assertFalse(Mac.isGroup(0x0200_0000_0001L));
    }
}
