package org.vnet.tools.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.agrona.concurrent.status.CountersReader;
import org.vnet.protocol.CountersLayout;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vnetctl counters}: every counter of a daemon read straight from its memory-mapped
 * counters file, without asking the daemon, so it works even when the daemon is busy or stuck.
 * Per interface, link, rule, MAC pair ({@code pair SRC>DST}) and daemon-wide.
 */
@Command(name = "counters", mixinStandardHelpOptions = true,
    description = "Every counter (ports, rules, MAC pairs, daemon) read from the daemon's counters file, "
        + "without asking the daemon.")
final class CountersCommand implements Callable<Integer> {
    @ParentCommand
    private Vnetctl root;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
        description = "counters file (default: the control socket's path with .counters for .sock)")
    private Path file;

    @Option(names = "--all", description = "also print counters that are zero")
    private boolean all;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Path path = file != null ? file : defaultFile(root.socketPath());
        final CountersReader reader;
        try {
            reader = CountersLayout.openReader(path);
        } catch (final IOException e) {
            err.println("vnetctl: cannot read counters file " + path + ": " + e.getMessage());
            return Vnetctl.EXIT_UNREACHABLE;
        }
        final Table t = new Table("SCOPE", "NAME", "METRIC", "VALUE>");
        final ArrayNode json = JsonNodeFactory.instance.arrayNode();
        reader.forEach((value, id, label) -> {
            if (value == 0 && !all) {
                return;
            }
            final String[] p = label.split(" ", 3);
            final String scope = p.length > 0 ? p[0] : label;
            final String name = p.length > 1 ? p[1] : "";
            final String metric = p.length > 2 ? p[2] : "";
            t.row(scope, name, metric, value);
            json.addObject().put("scope", scope).put("name", name).put("metric", metric).put("value", value);
        });
        if (root.json()) {
            out.println(JsonNodeFactory.instance.objectNode().put("file", path.toString()).set("counters", json));
        } else {
            t.print(out);
        }
        out.flush();
        return Vnetctl.EXIT_OK;
    }

    static Path defaultFile(final Path socket) {
        final String s = socket.toString();
        return Path.of(s.endsWith(".sock") ? s.substring(0, s.length() - 5) + ".counters" : s + ".counters");
    }
}
