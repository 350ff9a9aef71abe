package org.vnet.tools.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void shouldPadColumnsAndAlignNumbersRight() {
        final StringWriter s = new StringWriter();
        new Table("NAME", "COUNT>").row("a", 1).row("longer", 12345).print(new PrintWriter(s, true));
        assertEquals("NAME    COUNT\na           1\nlonger  12345\n", s.toString());
    }

    @Test
    void shouldFormatCountsWithSiPrefixes() {
        assertEquals("9999", Table.count(9999));
        assertEquals("10.0k", Table.count(10_000));
        assertEquals("123k", Table.count(123_456));
        assertEquals("4.5M", Table.count(4_500_000));
        assertEquals("9.2E", Table.count(Long.MAX_VALUE));
    }

    @Test
    void shouldFormatBytesWithBinaryPrefixes() {
        assertEquals("0 B", Table.bytes(0));
        assertEquals("1023 B", Table.bytes(1023));
        assertEquals("1.0 KiB", Table.bytes(1024));
        assertEquals("2.4 MiB", Table.bytes(2_500_000));
        assertEquals("100 GiB", Table.bytes(100L * 1024 * 1024 * 1024));
    }

    @Test
    void shouldFormatDurations() {
        assertEquals("0s", Table.duration(999));
        assertEquals("1m 05s", Table.duration(65_000));
        assertEquals("1h 02m 03s", Table.duration(3_723_000));
        assertEquals("2d 03h 00m", Table.duration(183_600_000));
    }
}
