package org.vnet.tools.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vnetctl [-s SOCKET] [--json] COMMAND}: asks a running vnetd for its status, counters,
 * interfaces, links and rules, and changes them. Prints aligned tables, or with {@code --json}
 * the daemon's own JSON answer.
 * <p>
 * Exit codes: {@value #EXIT_OK} done; {@value #EXIT_REFUSED} the daemon refused ("vnetctl: why"
 * on stderr); {@value #EXIT_UNREACHABLE} the daemon could not be reached; {@value #EXIT_USAGE}
 * the command line is wrong.
 */
@Command(name = "vnetctl", mixinStandardHelpOptions = true, version = "vnetctl 0.1.0",
    description = "Inspect and change a running vnetd through its control socket.",
    subcommands = {Vnetctl.Status.class, Vnetctl.Stats.class, Vnetctl.Interfaces.class, Vnetctl.Links.class,
        Vnetctl.Rules.class, Vnetctl.Analysis.class, Vnetctl.TopologyCmd.class, Vnetctl.MatrixCmd.class,
        Vnetctl.RirCmd.class, Vnetctl.BicCmd.class, Vnetctl.NetworkCmd.class, CountersCommand.class, AnalyzeCommand.class,
        JournalCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:the daemon refused the command", "2:the daemon could not be reached",
        "64:bad command line"})
public final class Vnetctl implements Callable<Integer> {
    /** The command succeeded. */
    public static final int EXIT_OK = 0;
    /** The daemon refused the command. */
    public static final int EXIT_REFUSED = 1;
    /** Nothing answered on the control socket. */
    public static final int EXIT_UNREACHABLE = 2;
    /** The command line was wrong (as sysexits' EX_USAGE). */
    public static final int EXIT_USAGE = 64;
    /** The socket used without {@code -s} and {@code VNET_SOCKET}. */
    public static final String SOCKET_DEFAULT = "/run/vnet/vnetd.sock";
    /** Environment variable naming the socket. */
    public static final String SOCKET_ENV = "VNET_SOCKET";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Option(names = {"-s", "--socket"}, paramLabel = "SOCKET",
        description = "control socket (default: $" + SOCKET_ENV + ", else " + SOCKET_DEFAULT + ")")
    private Path socket;

    @Option(names = "--json", description = "print the daemon's JSON answer instead of a table")
    private boolean json;

    @Option(names = {"-w", "--watch"}, description = "redraw the answer every second until interrupted")
    private boolean watch;

    @Option(names = "--count", paramLabel = "N", description = "with --watch: stop after N redraws (default: never)")
    private int count;

    @Spec
    private CommandSpec spec;

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;

    private Vnetctl(final Map<String, String> env, final PrintWriter out, final PrintWriter err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /** Runs vnetctl and exits with its code. */
    public static void main(final String[] args) {
        final PrintWriter out = new PrintWriter(System.out, true);
        final PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, System.getenv(), out, err));
    }

    /**
     * Runs one vnetctl command.
     *
     * @param env environment, for {@value #SOCKET_ENV}
     * @return the exit code
     */
    public static int run(final String[] args, final Map<String, String> env, final PrintWriter out, final PrintWriter err) {
        final CommandLine cl = new CommandLine(new Vnetctl(env, out, err));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, badArgs) -> {
            err.println("vnetctl: " + e.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
                e.getCommandLine().usage(err);
            }
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("vnetctl: " + e);
            return EXIT_USAGE;
        });
        final int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Without a command: print the usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return EXIT_USAGE;
    }

    boolean json() {
        return json;
    }

    Path socketPath() {
        if (socket != null) {
            return socket;
        }
        final String fromEnv = env.get(SOCKET_ENV);
        return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : SOCKET_DEFAULT);
    }

    static ObjectNode request(final String cmd) {
        return NODES.objectNode().put("cmd", cmd);
    }

    /** Sends {@code request} once, or every second with {@code --watch}; returns the last exit code. */
    int call(final ObjectNode request, final BiConsumer<JsonNode, PrintWriter> table) {
        if (!watch) {
            return callOnce(request, table);
        }
        int code = EXIT_OK;
        for (int i = 0; count <= 0 || i < count; i++) {
            if (i > 0) {
                try {
                    Thread.sleep(1000);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return code;
                }
            }
            out.print("\033[H\033[2J");
            out.println("vnetctl " + request.path("cmd").asText() + " - " + java.time.LocalTime.now().withNano(0)
                + " (every 1 s, Ctrl-C stops)");
            code = callOnce(request, table);
            out.flush();
            if (code == EXIT_UNREACHABLE) {
                return code;
            }
        }
        return code;
    }

    /** Sends {@code request}; prints the answer with {@code table}, or as JSON; returns the exit code. */
    int callOnce(final ObjectNode request, final BiConsumer<JsonNode, PrintWriter> table) {
        final Path path = socketPath();
        final JsonNode answer;
        try (ControlClient client = ControlClient.connect(path)) {
            answer = client.request(request);
        } catch (final IOException e) {
            err.println("vnetctl: cannot reach vnetd at " + path + ": " + reason(e)
                + " (is vnetd running? choose the socket with -s or " + SOCKET_ENV + ")");
            return EXIT_UNREACHABLE;
        }
        if (!answer.path("ok").asBoolean(false)) {
            if (json) {
                out.println(answer);
            }
            err.println("vnetctl: " + answer.path("error").asText("the daemon refused without saying why"));
            return EXIT_REFUSED;
        }
        if (json) {
            out.println(answer);
        } else {
            table.accept(answer, out);
        }
        return EXIT_OK;
    }

    private static String reason(final IOException e) {
        final String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** {@code vnetctl status}. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Identity and health of the daemon.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        private Vnetctl root;

        @Override
        public Integer call() {
            return root.call(request("status"), Printers::status);
        }
    }

    /** {@code vnetctl stats}. */
    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Counters of every interface, link and rule, and the non-zero daemon counters.")
    static final class Stats implements Callable<Integer> {
        @ParentCommand
        private Vnetctl root;

        @Override
        public Integer call() {
            return root.call(request("stats"), Printers::stats);
        }
    }

    /** {@code vnetctl analysis}. */
    @Command(name = "analysis", mixinStandardHelpOptions = true,
        description = "The live inference over the traffic this daemon switched: matrix, topology, RIR, BIC, timing.")
    static final class Analysis implements Callable<Integer> {
        @ParentCommand
        private Vnetctl root;

        @Override
        public Integer call() {
            return root.call(request("analysis"), (a, o) -> o.print(a.path("text").asText()));
        }
    }

    /** {@code vnetctl topology}. */
    @Command(name = "topology", mixinStandardHelpOptions = true,
        description = "The application topology inferred from the traffic matrix of every daemon (the global view).")
    static final class TopologyCmd implements Callable<Integer> {
        @ParentCommand
        private Vnetctl root;

        @Option(names = "--resolution", paramLabel = "S",
            description = "this daemon's view of the last S seconds (1, 2, 4, ... kept) instead of the global view")
        private int resolution;

        @Override
        public Integer call() {
            final ObjectNode r = request("topology");
            if (resolution > 0) {
                r.put("resolution", resolution);
            }
            return root.call(r, Printers::topology);
        }
    }

    /** {@code vnetctl matrix}. */
    @Command(name = "matrix", mixinStandardHelpOptions = true,
        description = "The traffic matrix (bytes and frames per VM pair) across every daemon (the global view).")
    static final class MatrixCmd implements Callable<Integer> {
        @ParentCommand
        private Vnetctl root;

        @Option(names = "--resolution", paramLabel = "S",
            description = "this daemon's matrix of the last S seconds (1, 2, 4, ... kept) instead of the global view")
        private int resolution;

        @Override
        public Integer call() {
            final ObjectNode r = request("matrix");
            if (resolution > 0) {
                r.put("resolution", resolution);
            }
            return root.call(r, Printers::matrix);
        }
    }

    /** {@code vnetctl rir}. */
    @Command(name = "rir", mixinStandardHelpOptions = true,
        description = "Round-trip iteration rate per VM (this daemon's VMs and those it forwards for).")
    static final class RirCmd implements Callable<Integer> {
        @ParentCommand
        private Vnetctl root;

        @Override
        public Integer call() {
            return root.call(request("rir"), Printers::rir);
        }
    }

    /** {@code vnetctl bic}. */
    @Command(name = "bic", mixinStandardHelpOptions = true,
        description = "Ball-in-the-court delays per VM, the loaded VM and the slowdown estimate.")
    static final class BicCmd implements Callable<Integer> {
        @ParentCommand
        private Vnetctl root;

        @Override
        public Integer call() {
            return root.call(request("bic"), Printers::bic);
        }
    }

    /** {@code vnetctl network}. */
    @Command(name = "network", mixinStandardHelpOptions = true,
        description = "Passive RTT and bandwidth per VM pair, and the time decomposition.")
    static final class NetworkCmd implements Callable<Integer> {
        @ParentCommand
        private Vnetctl root;

        @Override
        public Integer call() {
            return root.call(request("network"), Printers::network);
        }
    }

    /** {@code vnetctl if list|add|del}. */
    @Command(name = "if", mixinStandardHelpOptions = true, description = "List, add or delete interfaces (TAP devices).")
    static final class Interfaces {
        @ParentCommand
        private Vnetctl root;

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List interfaces.")
        int list() {
            return root.call(request("if.list"), Printers::interfaces);
        }

        @Command(name = "add", mixinStandardHelpOptions = true, description = "Add an interface.")
        int add(@Parameters(paramLabel = "NAME", description = "TAP device name") final String name,
                @Option(names = "--netns", paramLabel = "NS", description = "network namespace to open it in") final String netns,
                @Option(names = "--mtu", paramLabel = "N", description = "MTU (default: underlay MTU minus overhead)") final Integer mtu) {
            final ObjectNode r = request("if.add").put("name", name);
            if (netns != null) {
                r.put("netns", netns);
            }
            if (mtu != null) {
                r.put("mtu", mtu);
            }
            return root.call(r, (a, o) -> o.println("added interface " + a.at("/interface/name").asText()));
        }

        @Command(name = "del", mixinStandardHelpOptions = true, description = "Delete an interface (no rule may use it).")
        int del(@Parameters(paramLabel = "NAME") final String name) {
            return root.call(request("if.del").put("name", name), (a, o) -> o.println("deleted interface " + name));
        }
    }

    /** {@code vnetctl link list|add|del}. */
    @Command(name = "link", mixinStandardHelpOptions = true, description = "List, add or delete links to peer daemons.")
    static final class Links {
        @ParentCommand
        private Vnetctl root;

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List links.")
        int list() {
            return root.call(request("link.list"), Printers::links);
        }

        @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a link.")
        int add(@Parameters(paramLabel = "NAME", description = "link name, usually the peer daemon's") final String name,
                @Option(names = "--transport", required = true, paramLabel = "T", description = "udp, tcp or tls") final String transport,
                @Option(names = "--peer", required = true, paramLabel = "ADDR", description = "peer's IP:port or [IPv6]:port") final String peer,
                @Option(names = "--accept", description = "tcp/tls: wait for the peer to dial") final boolean accept) {
            final ObjectNode r = request("link.add").put("name", name).put("transport", transport).put("peer", peer);
            if (accept) {
                r.put("accept", true);
            }
            return root.call(r, (a, o) -> o.println("added link " + a.at("/link/name").asText() + " ("
                + a.at("/link/transport").asText() + " to " + a.at("/link/peer").asText()
                + (a.at("/link/accept").asBoolean() ? ", accepting" : "") + ")"));
        }

        @Command(name = "del", mixinStandardHelpOptions = true, description = "Delete a link (no rule may use it).")
        int del(@Parameters(paramLabel = "NAME") final String name) {
            return root.call(request("link.del").put("name", name), (a, o) -> o.println("deleted link " + name));
        }
    }

    /** {@code vnetctl rule list|add|del}. */
    @Command(name = "rule", mixinStandardHelpOptions = true, description = "List, add or delete forwarding rules.")
    static final class Rules {
        @ParentCommand
        private Vnetctl root;

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List rules.")
        int list() {
            return root.call(request("rule.list"), Printers::rules);
        }

        @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a rule: frames matching src, dst and from leave on to.")
        int add(@Option(names = "--src", required = true, paramLabel = "S", description = "any, a MAC, or not-MAC") final String src,
                @Option(names = "--dst", required = true, paramLabel = "D", description = "any, a MAC, or not-MAC") final String dst,
                @Option(names = "--from", required = true, paramLabel = "F", description = "any, if:NAME or link:NAME") final String from,
                @Option(names = "--to", required = true, paramLabel = "T", description = "if:NAME or link:NAME") final String to) {
            final ObjectNode r = request("rule.add").put("src", src).put("dst", dst).put("from", from).put("to", to);
            return root.call(r, (a, o) -> o.println("added rule #" + a.at("/rule/id").asInt() + ": src " + a.at("/rule/src").asText()
                + " dst " + a.at("/rule/dst").asText() + " from " + a.at("/rule/from").asText() + " to " + a.at("/rule/to").asText()));
        }

        @Command(name = "del", mixinStandardHelpOptions = true, description = "Delete rule ID.")
        int del(@Parameters(paramLabel = "ID") final int id) {
            return root.call(request("rule.del").put("rule", id), (a, o) -> o.println("deleted rule #" + id));
        }
    }

    /** The tables. */
    static final class Printers {
        private Printers() {
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
            final Table t = new Table("NAME", "TRANSPORT", "PEER", "ACCEPT");
            for (final JsonNode l : a.path("links")) {
                t.row(l.path("name").asText(), l.path("transport").asText(), l.path("peer").asText(),
                    l.path("accept").asBoolean() ? "yes" : "no");
            }
            t.print(o);
        }

        static void rules(final JsonNode a, final PrintWriter o) {
            final Table t = new Table("ID>", "SRC", "DST", "FROM", "TO");
            for (final JsonNode r : a.path("rules")) {
                t.row(r.path("id").asInt(), r.path("src").asText(), r.path("dst").asText(), r.path("from").asText(),
                    r.path("to").asText());
            }
            t.print(o);
        }
    }
}
