package org.vnet.tools.ctl;

import java.io.PrintWriter;

import com.fasterxml.jackson.databind.JsonNode;

/** The tables of the inference commands: topology, matrix, RIR, BIC, network. */
final class InferencePrinters {
    private InferencePrinters() {
    }

    static void topology(final JsonNode a, final PrintWriter o) {
        final JsonNode t = a.path("topology");
        final StringBuilder dims = new StringBuilder();
        for (final JsonNode d : t.path("dims")) {
            dims.append(dims.length() == 0 ? "" : "x").append(d.asInt());
        }
        o.println("topology: " + t.path("class").asText() + (dims.length() > 0 ? " " + dims : "")
            + " (" + t.path("nodes").asInt() + " nodes, " + t.path("edges").size() + " edges)");
        if (!t.path("note").asText().isEmpty()) {
            o.println("note: " + t.path("note").asText());
        }
        if (a.has("observers")) {
            final StringBuilder seen = new StringBuilder();
            for (final JsonNode n : a.path("observers")) {
                seen.append(seen.length() == 0 ? "" : ", ").append(n.asText());
            }
            o.println("seen by: " + seen);
        }
        final Table edges = new Table("FROM", "TO");
        for (final JsonNode e : t.path("edges")) {
            edges.row(e.path(0).asText(), e.path(1).asText());
        }
        edges.print(o);
    }

    static void rir(final JsonNode a, final PrintWriter o) {
        final Table t = new Table("VM", "RIR AVG (it/s)>", "PERIOD (s)>", "ADEQUATE", "NOTE");
        a.path("rir").properties().forEach(e -> {
            final JsonNode r = e.getValue();
            t.row(e.getKey(), r.path("avg").isNumber() ? String.format("%.2f", r.path("avg").asDouble()) : "-",
                r.path("periodSeconds").isNumber() ? String.format("%.2f", r.path("periodSeconds").asDouble()) : "-",
                r.path("adequate").asText("-"), r.path("reason").asText(""));
        });
        t.print(o);
    }

    static void bic(final JsonNode a, final PrintWriter o) {
        final Table t = new Table("VM", "BIC DELAY (s)>", "EVENTS>");
        a.path("bic").properties().forEach(e -> t.row(e.getKey(),
            String.format("%.4f", e.getValue().path("delaySeconds").asDouble()), e.getValue().path("events").asText()));
        t.print(o);
        final JsonNode s = a.path("bicSummary");
        o.println();
        o.println("loaded VM: " + (s.path("loaded").isNull() || s.path("loaded").isMissingNode() ? "none"
            : s.path("loaded").asText()));
        final JsonNode slow = s.path("slowdown");
        if (slow.isObject()) {
            o.println("slowdown estimate: " + slow.path("estimate").asText("-") + " (range "
                + slow.path("optimistic").asText("-") + " .. " + slow.path("pessimistic").asText("-") + ")");
        }
        if (s.has("imbalance")) {
            o.println("imbalance: " + s.path("imbalance"));
        }
    }

    static void network(final JsonNode a, final PrintWriter o) {
        flat(a.path("network"), o);
        o.println();
        flat(a.path("timeDecomposition"), o);
    }

    /** An array of flat objects as a table with the first object's fields as columns. */
    static void flat(final JsonNode rows, final PrintWriter o) {
        if (!rows.isArray() || rows.isEmpty()) {
            o.println("(none yet)");
            return;
        }
        final java.util.List<String> cols = new java.util.ArrayList<>();
        rows.get(0).fieldNames().forEachRemaining(f -> {
            if (rows.get(0).get(f).isValueNode()) {
                cols.add(f);
            }
        });
        final Table t = new Table(cols.toArray(new String[0]));
        for (final JsonNode r : rows) {
            t.row(cols.stream().map(c -> {
                final JsonNode v = r.path(c);
                return v.isFloatingPointNumber() ? String.format("%.6g", v.asDouble()) : v.asText("-");
            }).toArray());
        }
        t.print(o);
    }

    static void matrix(final JsonNode a, final PrintWriter o) {
        final Table t = new Table("SRC", "DST", "BYTES>", "FRAMES>");
        for (final JsonNode e : a.path("matrix")) {
            t.row(e.path("src").asText(), e.path("dst").asText(), Table.bytes(e.path("bytes").asLong()),
                Table.count(e.path("frames").asLong()));
        }
        t.print(o);
    }
}
