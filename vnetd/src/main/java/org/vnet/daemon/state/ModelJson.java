package org.vnet.daemon.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkKey;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.PortSecurity;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.model.Transport;

/**
 * The JSON form of interfaces, links and rules in the state file:
 * <pre>
 * interface: {"name":"eth0","netns":"vm1","mtu":1400}        netns null and mtu 0 when unset;
 *            with port security also "pinMac" ("first" or a MAC), "maxMacs", and
 *            "storm":{"broadcast":{"rate":1000,"burst":100},"multicast":..,"unknownUnicast":..}
 * link:      {"name":"h2","transport":"udp","peer":"10.200.0.2:7700","accept":false}
 *            a sealed link adds "security":"aead","key":"BASE64" (the state file is 0600)
 * rule:      {"id":1,"src":"any","dst":"02:00:00:00:00:03","from":"any","to":"link:h3"}
 * </pre>
 * Readers throw {@link IllegalArgumentException} naming the field and what it should be.
 */
public final class ModelJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ModelJson() {
    }

    /** An interface as JSON. */
    public static ObjectNode toJson(final InterfaceSpec spec) {
        final ObjectNode n = NODES.objectNode();
        n.put("name", spec.name());
        n.put("netns", spec.netns());
        n.put("mtu", spec.mtu());
        final PortSecurity sec = spec.security();
        if (sec.pin() != PortSecurity.Pin.OFF) {
            n.put("pinMac", sec.pinText());
        }
        if (sec.maxMacs() != 0) {
            n.put("maxMacs", sec.maxMacs());
        }
        if (sec.broadcast().limited() || sec.multicast().limited() || sec.unknownUnicast().limited()) {
            final ObjectNode storm = n.putObject("storm");
            limit(storm, "broadcast", sec.broadcast());
            limit(storm, "multicast", sec.multicast());
            limit(storm, "unknownUnicast", sec.unknownUnicast());
        }
        return n;
    }

    private static void limit(final ObjectNode storm, final String kind, final PortSecurity.Limit limit) {
        if (limit.limited()) {
            storm.putObject(kind).put("rate", limit.rate()).put("burst", limit.burst());
        }
    }

    private static PortSecurity.Limit limitFrom(final JsonNode storm, final String kind) {
        final JsonNode n = storm == null ? null : storm.get(kind);
        if (n == null || n.isNull()) {
            return PortSecurity.Limit.NONE;
        }
        requireObject(n);
        return new PortSecurity.Limit(longValue(n, "rate"), longValue(n, "burst"));
    }

    private static long longValue(final JsonNode n, final String field) {
        final JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + field + "' must be an integer");
        }
        return v.longValue();
    }

    /** A link as JSON. */
    public static ObjectNode toJson(final LinkSpec spec) {
        final ObjectNode n = NODES.objectNode();
        n.put("name", spec.name());
        n.put("transport", spec.transport().label());
        n.put("peer", LinkSpec.formatAddress(spec.peer()));
        n.put("accept", spec.accept());
        if (spec.adapted()) {
            n.put("adapted", true);
        }
        if (spec.sealed()) {
            n.put("security", spec.security());
            n.put("key", spec.key().base64());
        }
        return n;
    }

    /** A rule as JSON. */
    public static ObjectNode toJson(final RuleSpec rule) {
        final ObjectNode n = NODES.objectNode();
        n.put("id", rule.id());
        n.put("src", rule.src().toString());
        n.put("dst", rule.dst().toString());
        n.put("from", rule.from().toString());
        n.put("to", rule.to().toString());
        if (rule.adapted()) {
            n.put("adapted", true);
        }
        return n;
    }

    /** Reads an interface written by {@link #toJson(InterfaceSpec)}. */
    public static InterfaceSpec interfaceFrom(final JsonNode n) {
        requireObject(n);
        final JsonNode storm = n.get("storm");
        if (storm != null && !storm.isNull()) {
            requireObject(storm);
        }
        final PortSecurity security = new PortSecurity(PortSecurity.Pin.OFF, -1, integer(n, "maxMacs", 0),
            limitFrom(storm, "broadcast"), limitFrom(storm, "multicast"), limitFrom(storm, "unknownUnicast"))
            .withPin(text(n, "pinMac", false));
        return new InterfaceSpec(text(n, "name", true), text(n, "netns", false), integer(n, "mtu", 0), security);
    }

    /** Reads a link written by {@link #toJson(LinkSpec)}. */
    public static LinkSpec linkFrom(final JsonNode n) {
        requireObject(n);
        final String security = text(n, "security", false);
        if (security != null && !LinkSpec.AEAD.equals(security) && !LinkSpec.TRUSTED.equals(security)) {
            throw new IllegalArgumentException("field 'security' must be aead or trusted");
        }
        final String key = text(n, "key", false);
        if (LinkSpec.AEAD.equals(security) != (key != null)) {
            throw new IllegalArgumentException("field 'key' goes with security aead, and only with it");
        }
        return new LinkSpec(text(n, "name", true), Transport.parse(text(n, "transport", true)),
            LinkSpec.parseAddress(text(n, "peer", true)), bool(n, "accept", false), bool(n, "adapted", false),
            key == null ? null : LinkKey.parse(key));
    }

    /** Reads a rule written by {@link #toJson(RuleSpec)}; its id must be positive. */
    public static RuleSpec ruleFrom(final JsonNode n) {
        requireObject(n);
        final int id = integer(n, "id", 0);
        if (id < 1) {
            throw new IllegalArgumentException("field 'id' must be a positive integer");
        }
        return new RuleSpec(id, MacMatch.parse(text(n, "src", true)), MacMatch.parse(text(n, "dst", true)),
            PortRef.parse(text(n, "from", true)), PortRef.parse(text(n, "to", true)), bool(n, "adapted", false));
    }

    private static void requireObject(final JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("want a JSON object, got " + (n == null ? "nothing" : n.getNodeType()));
        }
    }

    private static String text(final JsonNode n, final String field, final boolean required) {
        final JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("field '" + field + "' is missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static int integer(final JsonNode n, final String field, final int absent) {
        final JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + field + "' must be an integer");
        }
        return v.intValue();
    }

    private static boolean bool(final JsonNode n, final String field, final boolean absent) {
        final JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("field '" + field + "' must be true or false");
        }
        return v.booleanValue();
    }
}
