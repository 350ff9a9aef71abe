package org.vnet.tools.ctl;

import org.vnet.protocol.Command;
import org.vnet.protocol.Requests;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vnetctl if|link|rule list|add|del}: the daemon's interfaces, links and rules. */
final class PortCommands {
    private PortCommands() {
    }

    /** {@code vnetctl if list|add|del}. */
    @picocli.CommandLine.Command(name = "if", mixinStandardHelpOptions = true, description = "List, add or delete interfaces (TAP devices).")
    static final class Interfaces {
        @ParentCommand
        private Vnetctl root;

        @picocli.CommandLine.Command(name = "list", mixinStandardHelpOptions = true, description = "List interfaces.")
        int list() {
            return root.call(Vnetctl.request(Command.IF_LIST), Printers::interfaces);
        }

        @picocli.CommandLine.Command(name = "add", mixinStandardHelpOptions = true, description = "Add an interface.")
        int add(@Parameters(paramLabel = "NAME", description = "TAP device name") final String name,
                @Option(names = "--netns", paramLabel = "NS", description = "network namespace to open it in") final String netns,
                @Option(names = "--mtu", paramLabel = "N", description = "MTU (default: underlay MTU minus overhead)") final Integer mtu) {
            return root.call(Vnetctl.request(Command.IF_ADD, new Requests.IfAdd(name, netns, mtu)),
                (a, o) -> o.println("added interface " + a.at("/interface/name").asText()));
        }

        @picocli.CommandLine.Command(name = "del", mixinStandardHelpOptions = true, description = "Delete an interface (no rule may use it).")
        int del(@Parameters(paramLabel = "NAME") final String name) {
            return root.call(Vnetctl.request(Command.IF_DEL, new Requests.Name(name)), (a, o) -> o.println("deleted interface " + name));
        }
    }

    /** {@code vnetctl link list|add|del}. */
    @picocli.CommandLine.Command(name = "link", mixinStandardHelpOptions = true, description = "List, add or delete links to peer daemons.")
    static final class Links {
        @ParentCommand
        private Vnetctl root;

        @picocli.CommandLine.Command(name = "list", mixinStandardHelpOptions = true, description = "List links.")
        int list() {
            return root.call(Vnetctl.request(Command.LINK_LIST), Printers::links);
        }

        @picocli.CommandLine.Command(name = "add", mixinStandardHelpOptions = true, description = "Add a link.")
        int add(@Parameters(paramLabel = "NAME", description = "link name, usually the peer daemon's") final String name,
                @Option(names = "--transport", required = true, paramLabel = "T", description = "udp, tcp or tls") final String transport,
                @Option(names = "--peer", required = true, paramLabel = "ADDR", description = "peer's IP:port or [IPv6]:port") final String peer,
                @Option(names = "--accept", description = "tcp/tls: wait for the peer to dial") final boolean accept) {
            final Requests.LinkAdd r = new Requests.LinkAdd(name, transport, peer, accept ? Boolean.TRUE : null);
            return root.call(Vnetctl.request(Command.LINK_ADD, r), (a, o) -> o.println("added link " + a.at("/link/name").asText() + " ("
                + a.at("/link/transport").asText() + " to " + a.at("/link/peer").asText()
                + (a.at("/link/accept").asBoolean() ? ", accepting" : "") + ")"));
        }

        @picocli.CommandLine.Command(name = "del", mixinStandardHelpOptions = true, description = "Delete a link (no rule may use it).")
        int del(@Parameters(paramLabel = "NAME") final String name) {
            return root.call(Vnetctl.request(Command.LINK_DEL, new Requests.Name(name)), (a, o) -> o.println("deleted link " + name));
        }
    }

    /** {@code vnetctl rule list|add|del}. */
    @picocli.CommandLine.Command(name = "rule", mixinStandardHelpOptions = true, description = "List, add or delete forwarding rules.")
    static final class Rules {
        @ParentCommand
        private Vnetctl root;

        @picocli.CommandLine.Command(name = "list", mixinStandardHelpOptions = true, description = "List rules.")
        int list() {
            return root.call(Vnetctl.request(Command.RULE_LIST), Printers::rules);
        }

        @picocli.CommandLine.Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a rule: frames matching src, dst and from leave on to.")
        int add(@Option(names = "--src", required = true, paramLabel = "S", description = "any, a MAC, or not-MAC") final String src,
                @Option(names = "--dst", required = true, paramLabel = "D", description = "any, a MAC, or not-MAC") final String dst,
                @Option(names = "--from", required = true, paramLabel = "F", description = "any, if:NAME or link:NAME") final String from,
                @Option(names = "--to", required = true, paramLabel = "T", description = "if:NAME or link:NAME") final String to) {
            return root.call(Vnetctl.request(Command.RULE_ADD, new Requests.RuleAdd(src, dst, from, to)),
                (a, o) -> o.println("added rule #" + a.at("/rule/id").asInt() + ": src " + a.at("/rule/src").asText()
                    + " dst " + a.at("/rule/dst").asText() + " from " + a.at("/rule/from").asText() + " to " + a.at("/rule/to").asText()));
        }

        @picocli.CommandLine.Command(name = "del", mixinStandardHelpOptions = true, description = "Delete rule ID.")
        int del(@Parameters(paramLabel = "ID") final int id) {
            return root.call(Vnetctl.request(Command.RULE_DEL, new Requests.RuleDel(id)), (a, o) -> o.println("deleted rule #" + id));
        }
    }
}
