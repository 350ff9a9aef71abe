package org.vnet.daemon.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void shouldKeepAnOrdinaryNameAsItIs() {
        assertEquals("h2", LogText.escape("h2"));
        assertEquals("hôte-2", LogText.escape("hôte-2"));
    }

    @Test
    void shouldEscapeEveryCharacterThatCouldBreakTheLineOrDriveATerminal() {
        assertEquals("a\\nb\\rc\\td\\\\e", LogText.escape("a\nb\rc\td\\e"));
        assertEquals("\\x1b[31mred\\x00\\x7f\\x85", LogText.escape("\u001b[31mred\u0000\u007f\u0085"));
        assertEquals("a\\u2028b\\u2029c\\u202ed", LogText.escape("a\u2028b\u2029c\u202ed"));
        assertEquals("null", LogText.escape(null));
    }

    @Test
    void shouldCutALongTextAndSaySo() {
        final String escaped = LogText.escape("x".repeat(65_000));
        assertTrue(escaped.startsWith("x".repeat(LogText.MAX_LENGTH) + "...(65000 chars)"), escaped);
        assertEquals(LogText.MAX_LENGTH + "...(65000 chars)".length(), escaped.length());
    }
}
