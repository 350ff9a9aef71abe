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
                @Option(names = "--accept", description = "tcp/tls: wait for the peer to dial") final boolean accept,
                @Option(names = "--security", paramLabel = "S", description = "udp: aead (sealed, needs --key-file) or trusted (plain)")
                final String security,
                @Option(names = "--key-file", paramLabel = "FILE", description = "udp aead: file with the base64 pre-shared key (mode 0600)")
                final java.nio.file.Path keyFile) {
            final String key = keyFile == null ? null : readKey(keyFile);
            final Requests.LinkAdd r = new Requests.LinkAdd(name, transport, peer, accept ? Boolean.TRUE : null, security, key);
            return root.call(Vnetctl.request(Command.LINK_ADD, r), (a, o) -> o.println("added link " + a.at("/link/name").asText() + " ("
                + a.at("/link/transport").asText() + " to " + a.at("/link/peer").asText()
                + (a.at("/link/accept").asBoolean() ? ", accepting" : "") + ")"));
        }

        @picocli.CommandLine.Command(name = "del", mixinStandardHelpOptions = true, description = "Delete a link (no rule may use it).")
        int del(@Parameters(paramLabel = "NAME") final String name) {
            return root.call(Vnetctl.request(Command.LINK_DEL, new Requests.Name(name)), (a, o) -> o.println("deleted link " + name));
        }

        @picocli.CommandLine.Command(name = "key", mixinStandardHelpOptions = true,
            description = "Give a sealed UDP link a new pre-shared key without dropping it (do it on both ends).")
        int key(@Parameters(paramLabel = "NAME") final String name,
                @Option(names = "--key-file", required = true, paramLabel = "FILE",
                    description = "file with the base64 pre-shared key (mode 0600)") final java.nio.file.Path keyFile) {
            return root.call(Vnetctl.request(Command.LINK_KEY, new Requests.LinkKey(name, readKey(keyFile))),
                (a, o) -> o.println("link " + name + ": new key"));
        }

        /** The base64 key in {@code file}, which its group and others must not be able to read. */
        private static String readKey(final java.nio.file.Path file) {
            try {
                final java.util.Set<java.nio.file.attribute.PosixFilePermission> p = java.nio.file.Files.getPosixFilePermissions(file);
                if (p.contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ)
                    || p.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
                    throw new IllegalArgumentException("key file " + file + " is readable by group or others (chmod 600 it)");
                }
                return java.nio.file.Files.readString(file).trim();
            } catch (final java.io.IOException e) {
                throw new IllegalArgumentException("cannot read key file " + file + ": " + e.getMessage(), e);
            }
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
