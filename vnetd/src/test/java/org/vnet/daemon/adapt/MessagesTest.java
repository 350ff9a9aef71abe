package org.vnet.daemon.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class MessagesTest {
    @Test
    void shouldRoundTripADirectiveAndAReport() {
        final Messages.Directive d = new Messages.Directive("h1", 7, List.of(
            new Messages.FastLink("h3", "udp", "10.0.0.3:7700", false, List.of("02:00:00:00:00:03"))));
        assertEquals(d, Messages.directive(Messages.encode(d)));
        final Messages.Report r = new Messages.Report("h2", 7, List.of("h3"), List.of("h1"), null);
        assertEquals(r, Messages.report(Messages.encode(r)));
    }

    @Test
    void shouldRefuseMalformedPayloadsWithAClearError() {
        for (final String bad : List.of("", "{", "[]", "null", "{\"leader\":\"h1\"}",
            "{\"leader\":\"h1\",\"epoch\":1,\"links\":[{\"name\":\"h3\"}]}", "{\"leader\":\"h1\",\"epoch\":\"x\",\"links\":[]}")) {
            assertThrows(IllegalArgumentException.class, () -> Messages.directive(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Messages.report("{\"daemon\":\"h2\"}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> Messages.directive(new byte[Messages.MAX_BYTES + 1]));
    }
}
