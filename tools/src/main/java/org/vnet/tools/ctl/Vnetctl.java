package org.vnet.tools.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vnet.protocol.Request;
import org.vnet.protocol.Requests;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vnetctl [-s SOCKET] [--json] COMMAND}: asks a running vnetd for its status, counters,
 * interfaces, links and rules, and changes them. Prints aligned tables, or with {@code --json}
 * the daemon's own JSON answer. The commands are in {@link DaemonCommands}, {@link PortCommands},
 * {@link InferenceCommands} and the other {@code *Command} classes; the tables in {@link Printers}
 * and {@link InferencePrinters}; requests are the protocol module's records.
 * <p>
 * Exit codes: {@value #EXIT_OK} done; {@value #EXIT_REFUSED} the daemon refused ("vnetctl: why"
 * on stderr); {@value #EXIT_UNREACHABLE} the daemon could not be reached; {@value #EXIT_USAGE}
 * the command line is wrong.
 */
@Command(name = "vnetctl", mixinStandardHelpOptions = true, version = "vnetctl 0.1.0",
    description = "Inspect and change a running vnetd through its control socket.",
    subcommands = {DaemonCommands.Status.class, DaemonCommands.Stats.class, PortCommands.Interfaces.class,
        PortCommands.Links.class, PortCommands.Rules.class, InferenceCommands.Analysis.class, InferenceCommands.TopologyCmd.class,
        InferenceCommands.MatrixCmd.class, InferenceCommands.RirCmd.class, InferenceCommands.BicCmd.class,
        InferenceCommands.NetworkCmd.class, AdaptCommands.class, PlanCommand.class, CountersCommand.class, AnalyzeCommand.class, JournalCommand.class},
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

    /** The request line for {@code command} with the fields of {@code body}. */
    static ObjectNode request(final org.vnet.protocol.Command command, final Record body) {
        return Request.encode(command, body);
    }

    /** The request line for a command without fields. */
    static ObjectNode request(final org.vnet.protocol.Command command) {
        return Request.encode(command, new Requests.None());
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
}
