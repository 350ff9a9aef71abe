package org.vnet.tools.ctl;

import java.io.PrintWriter;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The tables of status, stats, interfaces, links and rules. */
final class Printers {
    private Printers() {
    }

    static void status(final JsonNode a, final PrintWriter o) {
        final JsonNode s = a.path("status");
        final Table t = new Table("FIELD", "VALUE");
        t.row("name", s.path("name").asText());
        t.row("hub", s.path("hub").asBoolean() ? "yes" : "no");
        t.row("uptime", Table.duration(s.path("uptimeMillis").asLong()));
        t.row("tap I/O", s.path("tapIo").asText());
        t.row("transport", s.path("transport").asText());
        t.row("interfaces", s.path("interfaces").asInt());
        t.row("links", s.path("links").asInt() + " (" + s.path("linksUp").asInt() + " up)");
        t.row("rules", s.path("rules").asInt());
        if (s.has("dataPath")) {
            t.row("data path", s.path("dataPath").asText());
        }
        for (final Map.Entry<String, JsonNode> e : s.path("interfaceDataPaths").properties()) {
            t.row("  if " + e.getKey(), e.getValue().asText());
        }
        if (s.has("privileges")) {
            t.row("privileges", s.path("privileges").asText());
        }
        t.print(o);
    }

    static void stats(final JsonNode a, final PrintWriter o) {
        final JsonNode s = a.path("stats");
        final Table ports = new Table("KIND", "NAME", "STATE", "RX FRAMES>", "RX BYTES>", "TX FRAMES>", "TX BYTES>", "DROPS>");
        for (final JsonNode p : s.path("ports")) {
            ports.row(p.path("kind").asText(), p.path("name").asText(), p.path("state").asText(),
                Table.count(p.path("rxFrames").asLong()), Table.bytes(p.path("rxBytes").asLong()),
                Table.count(p.path("txFrames").asLong()), Table.bytes(p.path("txBytes").asLong()),
                Table.count(p.path("drops").asLong()));
        }
        ports.print(o);
        final Table rules = new Table("RULE>", "FRAMES>");
        for (final JsonNode r : s.path("rules")) {
            rules.row(r.path("id").asInt(), Table.count(r.path("frames").asLong()));
        }
        if (!rules.isEmpty()) {
            o.println();
            rules.print(o);
        }
        final Table kernel = new Table("KERNEL DATA PATH", "VALUE>");
        for (final Map.Entry<String, JsonNode> e : s.path("kernel").properties()) {
            kernel.row(e.getKey(), e.getValue().asLong());
        }
        if (!kernel.isEmpty()) {
            o.println();
            kernel.print(o);
        }
        final Table system = new Table("COUNTER", "VALUE>");
        for (final Map.Entry<String, JsonNode> e : s.path("system").properties()) {
            if (e.getValue().asLong() != 0) {
                system.row(e.getKey(), e.getValue().asLong());
            }
        }
        if (!system.isEmpty()) {
            o.println();
            system.print(o);
        }
    }

    static void interfaces(final JsonNode a, final PrintWriter o) {
        final Table t = new Table("NAME", "NETNS", "MTU>");
        for (final JsonNode i : a.path("interfaces")) {
            t.row(i.path("name").asText(), i.path("netns").isTextual() ? i.path("netns").asText() : "-",
                i.path("mtu").asInt() == 0 ? "default" : Integer.toString(i.path("mtu").asInt()));
        }
        t.print(o);
    }

    static void links(final JsonNode a, final PrintWriter o) {
        final Table t = new Table("NAME", "TRANSPORT", "PEER", "ACCEPT", "SECURITY", "BY");
        for (final JsonNode l : a.path("links")) {
            t.row(l.path("name").asText(), l.path("transport").asText(), l.path("peer").asText(),
                l.path("accept").asBoolean() ? "yes" : "no", l.path("security").asText("trusted"), origin(l));
        }
        t.print(o);
    }

    static void rules(final JsonNode a, final PrintWriter o) {
        final Table t = new Table("ID>", "SRC", "DST", "FROM", "TO", "BY");
        for (final JsonNode r : a.path("rules")) {
            t.row(r.path("id").asInt(), r.path("src").asText(), r.path("dst").asText(), r.path("from").asText(),
                r.path("to").asText(), origin(r));
        }
        t.print(o);
    }

    /** Who made a link or rule: the operator, or the adaptation agent. */
    private static String origin(final JsonNode n) {
        return n.path("adapted").asBoolean() ? "adaptation" : "operator";
    }
}
