package org.vnet.protocol;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One decoded request line: the command, the {@code id} to echo (null if none) and the fields as
 * the command's request record.
 *
 * @param command the command
 * @param id      the request's id (a string or number node), or null
 * @param body    an instance of {@link Command#requestType()}
 */
public record Request(Command command, JsonNode id, Object body) {
    /**
     * Decodes and checks one request line in {@code line[offset, offset+length)}.
     *
     * @throws ProtocolException {@link ErrorCode#BAD_REQUEST} or {@link ErrorCode#UNKNOWN_COMMAND}, with
     *                           the reason and the id if it was read
     */
    public static Request decode(final byte[] line, final int offset, final int length) throws ProtocolException {
        final JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(line, offset, length);
        } catch (final JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, null, malformed(e));
        } catch (final IOException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, null, "malformed JSON: " + e.getMessage());
        }
        return decode(tree);
    }

    /** Checks a parsed request; see {@link #decode(byte[], int, int)}. */
    public static Request decode(final JsonNode tree) throws ProtocolException {
        if (tree == null || !tree.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, null, "a request must be a JSON object, e.g. {\"cmd\":\"status\"}");
        }
        final JsonNode id = tree.get("id");
        if (id != null && !id.isTextual() && !id.isNumber()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, null, "field 'id' must be a string or a number");
        }
        final JsonNode cmdNode = tree.get("cmd");
        if (cmdNode == null || !cmdNode.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, id, "field 'cmd' is missing or not a string (commands: " + Command.NAMES + ")");
        }
        final Command command = Command.byName(cmdNode.asText());
        if (command == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_COMMAND, id, "unknown command '" + cmdNode.asText() + "' (commands: " + Command.NAMES + ")");
        }
        for (final Map.Entry<String, JsonNode> e : tree.properties()) {
            final String name = e.getKey();
            if (name.equals("cmd") || name.equals("id")) {
                continue;
            }
            final Command.Field f = command.field(name);
            if (f == null) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, id, "unknown field '" + name + "' for " + command.wireName()
                    + " (" + command.fieldList() + ")");
            }
            checkType(id, f, e.getValue());
        }
        for (final Command.Field f : command.fields()) {
            if (f.required() != null) {
                final JsonNode v = tree.get(f.name());
                if (v == null || v.isNull()) {
                    throw new ProtocolException(ErrorCode.BAD_REQUEST, id, "field '" + f.name() + "' is missing (" + f.required() + ")");
                }
            }
        }
        final Object body;
        try {
            body = Json.MAPPER.treeToValue(tree, command.requestType());
        } catch (final JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, id, "bad request: " + e.getOriginalMessage());
        }
        if (body instanceof Requests.Checked c) {
            final String problem = c.problem();
            if (problem != null) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, id, problem);
            }
        }
        return new Request(command, id, body);
    }

    /** A request to send: {@code cmd}, then the record's non-null fields. */
    public static ObjectNode encode(final Command command, final Record body) {
        if (!command.takes(body)) {
            throw new IllegalArgumentException(command.wireName() + " takes " + command.requestType().getSimpleName()
                + ", not " + body.getClass().getSimpleName());
        }
        final ObjectNode n = Json.MAPPER.createObjectNode().put("cmd", command.wireName());
        final JsonNode fields = Json.MAPPER.valueToTree(body);
        fields.properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                n.set(e.getKey(), e.getValue());
            }
        });
        return n;
    }

    private static void checkType(final JsonNode id, final Command.Field f, final JsonNode v) throws ProtocolException {
        if (v.isNull()) {
            return;
        }
        final String want;
        if (f.type() == String.class) {
            want = v.isTextual() ? null : "a string";
        } else if (f.type() == Integer.class) {
            want = v.isIntegralNumber() && v.canConvertToInt() ? null : "an integer";
        } else if (f.type() == Boolean.class) {
            want = v.isBoolean() ? null : "true or false";
        } else {
            throw new IllegalStateException("request field " + f + " has a type the protocol does not map");
        }
        if (want != null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, id, "field '" + f.name() + "' must be " + want + ", not "
                + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Jackson's reason, first line only, without its source-location boilerplate, plus the column. */
    private static String malformed(final JsonProcessingException e) {
        String why = String.valueOf(e.getOriginalMessage());
        final int marker = why.indexOf(" (start marker");
        if (marker > 0) {
            why = why.substring(0, marker);
        }
        final int newline = why.indexOf('\n');
        if (newline > 0) {
            why = why.substring(0, newline);
        }
        final String at = e.getLocation() != null && e.getLocation().getColumnNr() > 0
            ? " at column " + e.getLocation().getColumnNr() : "";
        return "malformed JSON" + at + ": " + why;
    }
}
