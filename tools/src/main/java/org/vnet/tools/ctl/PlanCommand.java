package org.vnet.tools.ctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import org.vnet.protocol.Command;
import org.vnet.protocol.Requests;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vnetctl plan}: the mapping optimiser's advice for the traffic the adaptation leader sees. */
@picocli.CommandLine.Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Where the VMs should run for the inferred traffic (greedy and simulated annealing, see docs/optimiser.md): "
        + "the current mapping, the proposed one and the expected score gain. Advice only: nothing moves.")
final class PlanCommand implements Callable<Integer> {
    @ParentCommand
    private Vnetctl root;

    @Option(names = "--algorithm", paramLabel = "A", description = "greedy, annealing or greedy+annealing (default)")
    private String algorithm;

    @Option(names = "--seed", paramLabel = "N", description = "the annealing's seed (default 1): the same seed, the same plan")
    private Integer seed;

    @Option(names = "--steps", paramLabel = "N", description = "the annealing's steps (default 20000)")
    private Integer steps;

    @Override
    public Integer call() {
        return root.call(Vnetctl.request(Command.PLAN, new Requests.Plan(algorithm, seed, steps)), PlanCommand::print);
    }

    static void print(final JsonNode p, final PrintWriter o) {
        final Table t = new Table("VM", "NOW", "PROPOSED");
        p.path("proposed").properties().forEach(e -> t.row(e.getKey(), p.path("current").path(e.getKey()).asText("?"),
            e.getValue().asText()));
        t.print(o);
        o.println();
        final JsonNode now = p.path("currentScore");
        final JsonNode next = p.path("score");
        o.println("score now      " + (now.isObject() ? score(now) : "unknown (a VM's host is not known)"));
        o.println("score proposed " + score(next) + "   (" + p.path("algorithm").asText() + ", "
            + String.format(Locale.ROOT, "%.1f ms", p.path("millis").asDouble()) + ")");
        if (p.path("gain").isNumber()) {
            o.println(String.format(Locale.ROOT, "gain           %+.0f", p.path("gain").asDouble()));
        }
        o.println(p.path("moves").isEmpty() ? "no VM would move" : "moves: " + String.join(", ", texts(p.path("moves"))));
    }

    private static String score(final JsonNode s) {
        return String.format(Locale.ROOT, "%.0f (residual bandwidth %s/s, mean latency %.0f us)", s.path("value").asDouble(),
            Table.bytes((long) s.path("bandwidth").asDouble()), s.path("meanLatencyMicros").asDouble());
    }

    private static List<String> texts(final JsonNode array) {
        final List<String> l = new ArrayList<>();
        array.forEach(n -> l.add(n.asText()));
        return l;
    }
}
