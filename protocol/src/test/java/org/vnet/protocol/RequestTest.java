package org.vnet.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RequestTest {
    private static Request decode(final String line) throws ProtocolException {
        final byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return Request.decode(b, 0, b.length);
    }

    private static ProtocolException refused(final String line) {
        return assertThrows(ProtocolException.class, () -> decode(line));
    }

    @Test
    void shouldMapFieldsToTheCommandsRequestRecord() throws Exception {
        final Request r = decode("{\"cmd\":\"link.add\",\"id\":\"x\",\"name\":\"h2\",\"transport\":\"udp\",\"peer\":\"10.0.0.2:7700\"}");
        assertEquals(Command.LINK_ADD, r.command());
        assertEquals("x", r.id().asText());
        final Requests.LinkAdd body = assertInstanceOf(Requests.LinkAdd.class, r.body());
        assertEquals(new Requests.LinkAdd("h2", "udp", "10.0.0.2:7700", null), body);
        assertEquals(false, body.accepts());
    }

    @Test
    void shouldFillDefaultsOfAbsentOptionalFields() throws Exception {
        final Requests.RuleAdd r = (Requests.RuleAdd) decode("{\"cmd\":\"rule.add\",\"to\":\"link:h2\"}").body();
        assertEquals("any", r.srcOrAny());
        assertEquals("any", r.fromOrAny());
        assertEquals(0, ((Requests.IfAdd) decode("{\"cmd\":\"if.add\",\"name\":\"e\"}").body()).mtuOrDefault());
        assertEquals(0, ((Requests.Resolution) decode("{\"cmd\":\"topology\"}").body()).secondsOrGlobal());
    }

    @Test
    void shouldSayWhichFieldIsWrongAndKeepTheId() {
        ProtocolException e = refused("{\"cmd\":\"if.add\",\"id\":3,\"name\":\"eth0\",\"mtu\":\"big\"}");
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("field 'mtu' must be an integer, not string", e.getMessage());
        assertEquals(3, e.id().asInt());
        e = refused("{\"cmd\":\"link.add\",\"name\":\"h\",\"transport\":\"udp\",\"peer\":\"1.2.3.4:5\",\"accept\":\"yes\"}");
        assertEquals("field 'accept' must be true or false, not string", e.getMessage());
        assertEquals("field 'name' is missing (a string)", refused("{\"cmd\":\"if.del\"}").getMessage());
        assertEquals("field 'rule' is missing (the id of the rule to delete, a positive integer)",
            refused("{\"cmd\":\"rule.del\",\"rule\":0}").getMessage());
        assertEquals("field 'resolution' must be a positive number of seconds",
            refused("{\"cmd\":\"matrix\",\"resolution\":-1}").getMessage());
    }

    @Test
    void shouldRefuseWhatIsNotARequest() {
        assertTrue(refused("{\"cmd\":").getMessage().startsWith("malformed JSON at column"));
        assertTrue(refused("{\"cmd\":\"status\",\"cmd\":\"stats\"}").getMessage().contains("Duplicate field"));
        assertTrue(refused("{\"cmd\":\"status\"} {}").getMessage().startsWith("malformed JSON"));
        assertTrue(refused("[1]").getMessage().contains("must be a JSON object"));
        assertEquals("field 'id' must be a string or a number", refused("{\"cmd\":\"status\",\"id\":[]}").getMessage());
        assertNull(refused("{\"cmd\":\"status\",\"id\":[]}").id());
        final ProtocolException unknown = refused("{\"cmd\":\"reboot\"}");
        assertEquals(ErrorCode.UNKNOWN_COMMAND, unknown.code());
        assertTrue(unknown.getMessage().endsWith("(commands: " + Command.NAMES + ")"));
    }

    @Test
    void shouldEncodeARequestThatDecodesToTheSameRecord() throws Exception {
        final Requests.IfAdd sent = new Requests.IfAdd("tap0", "vm1", null);
        final String line = Json.WRITER.writeValueAsString(Request.encode(Command.IF_ADD, sent));
        assertEquals("{\"cmd\":\"if.add\",\"name\":\"tap0\",\"netns\":\"vm1\"}", line);
        assertEquals(sent, decode(line).body());
        assertThrows(IllegalArgumentException.class, () -> Request.encode(Command.IF_DEL, sent));
    }

    @Test
    void shouldHaveOneUniqueNameAndOnlyMappableFieldsPerCommand() {
        final Set<String> names = new HashSet<>();
        for (final Command c : Command.values()) {
            assertTrue(names.add(c.wireName()), c.wireName());
            assertEquals(c, Command.byName(c.wireName()));
            for (final Command.Field f : c.fields()) {
                assertTrue(f.type() == String.class || f.type() == Integer.class || f.type() == Boolean.class, c + " " + f);
                assertTrue(!f.name().equals("cmd") && !f.name().equals("id"), c + " " + f);
            }
        }
    }

    @Test
    void shouldWriteResponsesWithOkAndIdFirst() throws Exception {
        final String ok = Json.WRITER.writeValueAsString(new Response.Ok(Json.MAPPER.getNodeFactory().numberNode(4),
            new Replies.RuleDeleted(9)));
        assertEquals("{\"ok\":true,\"id\":4,\"deleted\":9}", ok);
        final String error = Json.WRITER.writeValueAsString(new Response.Error(null, ErrorCode.TOO_LONG, "too long"));
        assertEquals("{\"ok\":false,\"code\":\"too-long\",\"error\":\"too long\"}", error);
    }
}
