package org.vnet.tools.ctl;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import org.vnet.protocol.Command;
import org.vnet.protocol.Requests;
import picocli.CommandLine.ParentCommand;

/** {@code vnetctl adapt status|on|off|once}: the adaptation agent (fast-path links from the inferred traffic). */
@picocli.CommandLine.Command(name = "adapt", mixinStandardHelpOptions = true,
    description = "Adaptation: the fast-path links the leader adds from the inferred traffic, and why.")
final class AdaptCommands {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    @ParentCommand
    private Vnetctl root;

    @picocli.CommandLine.Command(name = "status", mixinStandardHelpOptions = true,
        description = "Links held, the latest decisions with their reasons, the followers.")
    int status() {
        return root.call(Vnetctl.request(Command.ADAPT_STATUS), AdaptCommands::print);
    }

    @picocli.CommandLine.Command(name = "on", mixinStandardHelpOptions = true, description = "Turn the leader's loop on.")
    int on() {
        return root.call(Vnetctl.request(Command.ADAPT_SET, new Requests.AdaptSet(true)), AdaptCommands::print);
    }

    @picocli.CommandLine.Command(name = "off", mixinStandardHelpOptions = true,
        description = "Turn the leader's loop off (links already made stay).")
    int off() {
        return root.call(Vnetctl.request(Command.ADAPT_SET, new Requests.AdaptSet(false)), AdaptCommands::print);
    }

    @picocli.CommandLine.Command(name = "once", mixinStandardHelpOptions = true,
        description = "Run one decision round now, whether the loop is on or off.")
    int once() {
        return root.call(Vnetctl.request(Command.ADAPT_ONCE), AdaptCommands::print);
    }

    static void print(final JsonNode a, final PrintWriter o) {
        final String role = a.path("role").asText();
        if ("follower".equals(role)) {
            o.println("follower of link " + a.path("leader").asText() + ", directive " + a.path("epoch").asLong()
                + (a.path("error").isTextual() ? ", error: " + a.path("error").asText() : ""));
        } else {
            o.println("leader, loop " + (a.path("enabled").asBoolean() ? "on" : "off") + ", " + a.path("rounds").asLong()
                + " rounds, directive " + a.path("epoch").asLong()
                + (a.path("error").isTextual() ? ", last error: " + a.path("error").asText() : ""));
        }
        final Table links = new Table("LINK", "RATE>", "SINCE", "CONFIRMED");
        for (final JsonNode l : a.path("links")) {
            links.row(l.path("a").asText() + "-" + l.path("b").asText(), rate(l.path("bytesPerSecond").asDouble()),
                TIME.format(Instant.ofEpochMilli(l.path("sinceMillis").asLong())), l.path("confirmed").asBoolean() ? "yes" : "no");
        }
        o.println();
        if (links.isEmpty()) {
            o.println("no fast-path links");
        } else {
            links.print(o);
        }
        final Table decisions = new Table("TIME", "ACTION", "PAIR", "RATE>", "REASON");
        for (final JsonNode d : a.path("decisions")) {
            decisions.row(TIME.format(Instant.ofEpochMilli(d.path("atMillis").asLong())), d.path("action").asText(),
                d.path("a").asText() + "-" + d.path("b").asText(), rate(d.path("bytesPerSecond").asDouble()),
                d.path("reason").asText());
        }
        if (!decisions.isEmpty()) {
            o.println();
            decisions.print(o);
        }
    }

    private static String rate(final double bytesPerSecond) {
        return Table.bytes((long) bytesPerSecond) + "/s";
    }
}
