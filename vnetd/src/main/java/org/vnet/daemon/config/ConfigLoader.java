package org.vnet.daemon.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.vnet.daemon.datapath.DataPathConfig;
import org.vnet.daemon.journal.JournalConfig;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.model.Names;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.model.Transport;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML file into a {@link DaemonConfig}: binds it strictly with Jackson, then checks
 * each key and the keys against each other, collecting every problem with its line.
 */
final class ConfigLoader {
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    private static final String PEM_CERTIFICATE = "CERTIFICATE";
    private static final String PEM_PKCS8_KEY = "PRIVATE KEY";

    private final Path file;
    private final String fileName;
    private final Path baseDir;
    private final List<String> problems = new ArrayList<>();
    private Map<String, Integer> lines = Map.of();

    ConfigLoader(final Path file) {
        this.file = file;
        this.fileName = file.toString();
        final Path parent = file.toAbsolutePath().getParent();
        this.baseDir = parent != null ? parent : Path.of("/");
    }

    DaemonConfig load() throws ConfigException {
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (final IOException e) {
            throw new ConfigException(fileName + ": cannot read: " + e, e);
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            throw new ConfigException(List.of(fileName + ": the file is empty (want at least 'name:')"));
        }
        final RawConfig raw = bind(bytes);
        lines = keyLines(bytes);
        final DaemonConfig config = check(raw);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private RawConfig bind(final byte[] bytes) throws ConfigException {
        final RawConfig raw;
        try {
            raw = MAPPER.readValue(bytes, RawConfig.class);
        } catch (final JsonMappingException e) {
            final MarkedYAMLException yaml = yamlError(e);
            if (yaml != null) {
                throw new ConfigException(syntax(yaml), e);
            }
            throw new ConfigException(describe(e), e);
        } catch (final JsonProcessingException e) {
            final MarkedYAMLException yaml = yamlError(e);
            if (yaml != null) {
                throw new ConfigException(syntax(yaml), e);
            }
            throw new ConfigException(at(e.getLocation()) + ": YAML syntax error: " + e.getOriginalMessage(), e);
        } catch (final IOException e) {
            throw new ConfigException(fileName + ": cannot read: " + e, e);
        }
        if (raw == null) {
            throw new ConfigException(List.of(fileName + ": the file is empty (want at least 'name:')"));
        }
        return raw;
    }

    private static MarkedYAMLException yamlError(final Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m) {
                return m;
            }
        }
        return null;
    }

    private String syntax(final MarkedYAMLException e) {
        final String where = e.getProblemMark() != null ? fileName + ":" + (e.getProblemMark().getLine() + 1) : fileName;
        final String context = e.getContext() != null ? e.getContext() + ": " : "";
        return where + ": YAML syntax error: " + context + e.getProblem();
    }

    private String describe(final JsonMappingException e) {
        final StringBuilder path = new StringBuilder();
        for (final JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        final String why;
        if (e instanceof UnrecognizedPropertyException u) {
            final Set<String> known = new TreeSet<>();
            if (u.getKnownPropertyIds() != null) {
                u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            }
            why = "unknown key '" + u.getPropertyName() + "' (known keys here: " + String.join(", ", known) + ")";
        } else if (e instanceof InvalidFormatException f) {
            why = "'" + f.getValue() + "' is not " + typeName(f.getTargetType());
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            why = "wrong type: want " + typeName(m.getTargetType());
        } else {
            why = e.getOriginalMessage();
        }
        return at(e.getLocation()) + (path.length() > 0 ? ": " + path : "") + ": " + why;
    }

    private static String typeName(final Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping of keys";
    }

    private String at(final JsonLocation location) {
        return location != null && location.getLineNr() > 0 ? fileName + ":" + location.getLineNr() : fileName;
    }

    /** Line of every key and list element, by key path ({@code links[2].peer}). */
    private static Map<String, Integer> keyLines(final byte[] bytes) {
        final Map<String, Integer> result = new HashMap<>();
        try (JsonParser p = new YAMLFactory().createParser(bytes)) {
            while (p.nextToken() != null) {
                final String path = pathOf(p.getParsingContext());
                if (!path.isEmpty()) {
                    result.putIfAbsent(path, p.currentTokenLocation().getLineNr());
                }
            }
        } catch (final IOException e) {
            return result;
        }
        return result;
    }

    private static String pathOf(final JsonStreamContext ctx) {
        if (ctx == null || ctx.inRoot()) {
            return "";
        }
        final String parent = pathOf(ctx.getParent());
        if (ctx.inArray()) {
            return parent + "[" + Math.max(0, ctx.getCurrentIndex()) + "]";
        }
        final String name = ctx.getCurrentName();
        if (name == null) {
            return parent;
        }
        return parent.isEmpty() ? name : parent + "." + name;
    }

    private void problem(final String path, final String why) {
        String p = path;
        Integer line = lines.get(p);
        while (line == null && !p.isEmpty()) {
            final int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut > 0 ? p.substring(0, cut) : "";
            line = lines.get(p);
        }
        problems.add(fileName + (line != null ? ":" + line : "") + ": " + path + ": " + why);
    }

    /** Runs {@code check}; on IllegalArgumentException records it at {@code path} and returns null. */
    private <T> T checked(final String path, final Supplier<T> check) {
        try {
            return check.get();
        } catch (final IllegalArgumentException e) {
            problem(path, e.getMessage());
            return null;
        }
    }

    private DaemonConfig check(final RawConfig raw) {
        String name = raw.name();
        if (name == null) {
            problem("name", "missing (the daemon's identity, 1-32 of A-Z a-z 0-9 _ . -)");
        } else {
            name = checked("name", () -> Names.check("daemon", raw.name()));
        }
        final String id = name != null ? name : "vnetd";
        final int mtu = raw.underlayMtu() == null ? DaemonConfig.UNDERLAY_MTU_DEFAULT : raw.underlayMtu();
        if (mtu < DaemonConfig.UNDERLAY_MTU_MIN || mtu > DaemonConfig.UNDERLAY_MTU_MAX) {
            problem("underlayMtu", mtu + " is out of range " + DaemonConfig.UNDERLAY_MTU_MIN + ".."
                + DaemonConfig.UNDERLAY_MTU_MAX);
        }

        final DaemonConfig.Listen listen = listen(raw.listen());
        final DaemonConfig.Tls tls = tls(raw.tls());
        final Path control = path("control", raw.control(), Path.of(DaemonConfig.CONTROL_DIR_DEFAULT, id + ".sock"));
        final Path state = path("state", raw.state(), Path.of(DaemonConfig.STATE_DIR_DEFAULT, id + ".state.json"));
        final Path counters = path("counters", raw.counters(), countersBeside(control));

        final List<InterfaceSpec> interfaces = interfaces(raw.interfaces());
        final List<LinkSpec> links = links(raw.links(), listen, tls, raw.tls() != null);
        if (listen.tls() != null && raw.tls() == null) {
            problem("listen.tls", "a TLS listen address needs the tls: section (cert, key, ca)");
        }
        final Set<String> declaredInterfaces = new HashSet<>();
        final Set<String> declaredLinks = new HashSet<>();
        if (raw.interfaces() != null) {
            raw.interfaces().forEach(i -> declaredInterfaces.add(i == null ? null : i.name()));
        }
        if (raw.links() != null) {
            raw.links().forEach(l -> declaredLinks.add(l == null ? null : l.name()));
        }
        final List<RuleSpec> rules = rules(raw.rules(), interfaces, links, declaredInterfaces, declaredLinks);

        final JournalConfig journal = journal(raw.journal());
        final DataPathConfig dataPath = dataPath(raw.datapath());
        return new DaemonConfig(file, id, Boolean.TRUE.equals(raw.hub()), listen, tls, control, state, counters, mtu,
            interfaces, links, rules, journal, dataPath);
    }

    private DataPathConfig dataPath(final RawConfig.Datapath raw) {
        final DataPathConfig d = DataPathConfig.DEFAULT;
        if (raw == null) {
            return d;
        }
        final DataPathConfig.Mode mode = raw.mode() == null ? d.mode()
            : checked("datapath.mode", () -> DataPathConfig.Mode.parse(raw.mode()));
        final DataPathConfig.Hook hook = raw.hook() == null ? d.hook()
            : checked("datapath.hook", () -> DataPathConfig.Hook.parse(raw.hook()));
        final Path bpffs = raw.bpffs() == null ? d.bpffs() : baseDir.resolve(raw.bpffs().trim()).normalize();
        if (mode == null || hook == null) {
            return d;
        }
        final DataPathConfig result = checked("datapath", () -> new DataPathConfig(mode,
            raw.vxlanPort() == null ? d.vxlanPort() : raw.vxlanPort(), raw.vni() == null ? d.vni() : raw.vni(), hook,
            bpffs, raw.holdoffMicros() == null ? d.holdoffMicros() : raw.holdoffMicros()));
        return result == null ? d : result;
    }

    private JournalConfig journal(final RawConfig.Journal raw) {
        if (raw == null) {
            return null;
        }
        if (raw.dir() == null || raw.dir().isBlank()) {
            problem("journal.dir", "missing: the directory the journal is written to (e.g. /var/lib/vnet/h1.journal)");
        }
        final JournalConfig.Roll roll = raw.rollCycle() == null ? JournalConfig.ROLL_DEFAULT
            : checked("journal.rollCycle", () -> JournalConfig.Roll.parse(raw.rollCycle()));
        final int cycles = raw.cycles() == null ? JournalConfig.CYCLES_DEFAULT : raw.cycles();
        if (cycles < 1 || cycles > JournalConfig.CYCLES_MAX) {
            problem("journal.cycles", cycles + " is out of range 1.." + JournalConfig.CYCLES_MAX
                + " (how many roll-cycle files are kept)");
            return null;
        }
        if (raw.dir() == null || raw.dir().isBlank() || roll == null) {
            return null;
        }
        final Path dir = baseDir.resolve(raw.dir().trim()).normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            problem("journal.dir", dir + " exists and is not a directory");
            return null;
        }
        return new JournalConfig(dir, roll, cycles);
    }

    private static Path countersBeside(final Path control) {
        final String f = control.getFileName().toString();
        final String base = f.endsWith(".sock") ? f.substring(0, f.length() - ".sock".length()) : f;
        return control.resolveSibling(base + ".counters");
    }

    private Path path(final String key, final String text, final Path fallback) {
        if (text == null) {
            return fallback;
        }
        if (text.isBlank()) {
            problem(key, "empty path");
            return fallback;
        }
        return baseDir.resolve(text.trim()).normalize();
    }

    private InetSocketAddress address(final String path, final String text) {
        if (text == null) {
            return null;
        }
        final String t = text.trim();
        if (!t.isEmpty() && t.indexOf(':') < 0) {
            problem(path, "'" + t + "' has no port (want IP:port)");
            return null;
        }
        return checked(path, () -> LinkSpec.parseAddress(t));
    }

    private DaemonConfig.Listen listen(final RawConfig.Listen raw) {
        if (raw == null) {
            return DaemonConfig.Listen.NONE;
        }
        final InetSocketAddress udp = address("listen.udp", raw.udp());
        final InetSocketAddress tcp = address("listen.tcp", raw.tcp());
        final InetSocketAddress tls = address("listen.tls", raw.tls());
        if (tcp != null && tcp.equals(tls)) {
            problem("listen.tls", "same address as listen.tcp (" + LinkSpec.formatAddress(tcp) + ")");
        }
        return new DaemonConfig.Listen(udp, tcp, tls);
    }

    private DaemonConfig.Tls tls(final RawConfig.Tls raw) {
        if (raw == null) {
            return null;
        }
        final Path cert = pemFile("tls.cert", raw.cert(), "the certificate (PEM)", PEM_CERTIFICATE);
        final Path key = pemFile("tls.key", raw.key(), "the private key (PEM, PKCS#8)", PEM_PKCS8_KEY);
        final Path ca = pemFile("tls.ca", raw.ca(), "the CA certificate (PEM)", PEM_CERTIFICATE);
        return new DaemonConfig.Tls(cert, key, ca);
    }

    private Path pemFile(final String key, final String text, final String what, final String wantedBlock) {
        if (text == null || text.isBlank()) {
            problem(key, "missing: the path of " + what);
            return null;
        }
        final Path p = baseDir.resolve(text.trim()).normalize();
        if (!Files.exists(p)) {
            problem(key, p + " does not exist");
        } else if (!Files.isRegularFile(p)) {
            problem(key, p + " is not a regular file");
        } else if (!Files.isReadable(p)) {
            problem(key, p + " is not readable");
        } else {
            checkPem(key, p, wantedBlock);
        }
        return p;
    }

    /** Checks the file holds the PEM block wanted, naming the usual mistakes (PKCS#1 or encrypted keys). */
    private void checkPem(final String key, final Path p, final String wantedBlock) {
        final String pem;
        try {
            pem = Files.readString(p, StandardCharsets.US_ASCII);
        } catch (final IOException e) {
            problem(key, p + " cannot be read: " + e.getMessage());
            return;
        }
        if (pem.contains("-----BEGIN " + wantedBlock + "-----")) {
            return;
        }
        if (wantedBlock.equals(PEM_PKCS8_KEY) && pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            problem(key, p + " is an encrypted key; vnetd needs it unencrypted (openssl pkcs8 -in KEY -out KEY.pk8)");
        } else if (wantedBlock.equals(PEM_PKCS8_KEY) && pem.matches("(?s).*-----BEGIN [A-Z]+ PRIVATE KEY-----.*")) {
            problem(key, p + " is not PKCS#8; convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        } else {
            problem(key, p + " has no PEM '" + wantedBlock + "' block");
        }
    }

    private List<InterfaceSpec> interfaces(final List<RawConfig.Interface> raw) {
        final List<InterfaceSpec> result = new ArrayList<>();
        if (raw == null) {
            return result;
        }
        final Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            final String at = "interfaces[" + i + "]";
            final RawConfig.Interface r = raw.get(i);
            if (r == null) {
                problem(at, "empty entry (want name, and optionally netns and mtu)");
                continue;
            }
            if (r.name() == null) {
                problem(at + ".name", "missing (the TAP device name)");
                continue;
            }
            final Integer first = seen.putIfAbsent(r.name(), i);
            if (first != null) {
                problem(at + ".name", "duplicate interface " + r.name() + " (first at interfaces[" + first + "])");
                continue;
            }
            if (checked(at + ".name", () -> Names.checkInterface(r.name())) == null) {
                continue;
            }
            if (r.netns() != null && !r.netns().isBlank() && checked(at + ".netns", () -> Names.check("netns", r.netns())) == null) {
                continue;
            }
            final int mtu = r.mtu() == null ? 0 : r.mtu();
            final InterfaceSpec spec = checked(at + ".mtu", () -> new InterfaceSpec(r.name(), r.netns(), mtu));
            if (spec != null) {
                result.add(spec);
            }
        }
        return result;
    }

    private List<LinkSpec> links(final List<RawConfig.Link> raw, final DaemonConfig.Listen listen,
                                 final DaemonConfig.Tls tls, final boolean tlsDeclared) {
        final List<LinkSpec> result = new ArrayList<>();
        if (raw == null) {
            return result;
        }
        final Map<String, Integer> seen = new HashMap<>();
        NetworkState probe = NetworkState.EMPTY;
        for (int i = 0; i < raw.size(); i++) {
            final String at = "links[" + i + "]";
            final RawConfig.Link r = raw.get(i);
            if (r == null) {
                problem(at, "empty entry (want name, transport, peer, and optionally accept)");
                continue;
            }
            if (r.name() == null) {
                problem(at + ".name", "missing (usually the peer daemon's name)");
                continue;
            }
            final Integer first = seen.putIfAbsent(r.name(), i);
            if (first != null) {
                problem(at + ".name", "duplicate link " + r.name() + " (first at links[" + first + "])");
                continue;
            }
            final String name = checked(at + ".name", () -> Names.check("link", r.name()));
            final Transport transport;
            if (r.transport() == null) {
                problem(at + ".transport", "missing (udp, tcp or tls)");
                transport = null;
            } else {
                transport = checked(at + ".transport", () -> Transport.parse(r.transport()));
            }
            InetSocketAddress peer = null;
            if (r.peer() == null) {
                problem(at + ".peer", "missing (the peer's listen address, IP:port)");
            } else {
                peer = address(at + ".peer", r.peer());
            }
            final boolean accept = Boolean.TRUE.equals(r.accept());
            if (name == null || transport == null || peer == null) {
                continue;
            }
            if (accept && (transport == Transport.UDP || transport == Transport.VXLAN)) {
                problem(at + ".accept", "accept applies to tcp and tls links only");
                continue;
            }
            checkListen(at, name, transport, accept, listen, tlsDeclared);
            final InetSocketAddress p = peer;
            final LinkSpec spec = checked(at, () -> new LinkSpec(name, transport, p, accept));
            if (spec == null) {
                continue;
            }
            final NetworkState before = probe;
            final NetworkState after = checked(at + ".peer", () -> before.withLink(spec));
            if (after != null) {
                probe = after;
                result.add(spec);
            }
        }
        return result;
    }

    private void checkListen(final String at, final String name, final Transport transport, final boolean accept,
                             final DaemonConfig.Listen listen, final boolean tlsDeclared) {
        switch (transport) {
            case UDP, VXLAN -> {
                if (listen.udp() == null) {
                    problem(at + ".transport", transport.label() + " link " + name
                        + " needs listen.udp (the UDP socket links send from and receive on)");
                }
            }
            case TCP -> {
                if (accept && listen.tcp() == null) {
                    problem(at + ".accept", "tcp link " + name + " accepts, so listen.tcp is needed");
                }
            }
            case TLS -> {
                if (accept && listen.tls() == null) {
                    problem(at + ".accept", "tls link " + name + " accepts, so listen.tls is needed");
                }
                if (!tlsDeclared) {
                    problem(at + ".transport", "tls link " + name + " needs the tls: section (cert, key, ca)");
                }
            }
            default -> throw new IllegalStateException(transport.toString());
        }
    }

    private List<RuleSpec> rules(final List<RawConfig.Rule> raw, final List<InterfaceSpec> interfaces,
                                 final List<LinkSpec> links, final Set<String> declaredInterfaces,
                                 final Set<String> declaredLinks) {
        final List<RuleSpec> result = new ArrayList<>();
        if (raw == null) {
            return result;
        }
        NetworkState state = NetworkState.EMPTY;
        for (final InterfaceSpec i : interfaces) {
            state = state.withInterface(i);
        }
        for (final LinkSpec l : links) {
            state = state.withLink(l);
        }
        for (int i = 0; i < raw.size(); i++) {
            final String at = "rules[" + i + "]";
            final RawConfig.Rule r = raw.get(i);
            if (r == null) {
                problem(at, "empty entry (want src, dst, from, to)");
                continue;
            }
            final MacMatch src = checked(at + ".src", () -> r.src() == null ? MacMatch.ANY : MacMatch.parse(r.src()));
            final MacMatch dst = checked(at + ".dst", () -> r.dst() == null ? MacMatch.ANY : MacMatch.parse(r.dst()));
            final PortRef from = port(at + ".from", r.from() == null ? "any" : r.from(), state, declaredInterfaces, declaredLinks);
            PortRef to = null;
            if (r.to() == null) {
                problem(at + ".to", "missing (if:NAME or link:NAME)");
            } else {
                to = port(at + ".to", r.to(), state, declaredInterfaces, declaredLinks);
            }
            if (src == null || dst == null || from == null || to == null) {
                continue;
            }
            final PortRef t = to;
            final RuleSpec rule = checked(at, () -> new RuleSpec(result.size() + 1, src, dst, from, t));
            if (rule == null) {
                continue;
            }
            final NetworkState before = state;
            final NetworkState after = checked(at, () -> before.withRule(rule));
            if (after != null) {
                state = after;
                result.add(rule);
            }
        }
        return result;
    }

    /** Parses a port and checks it exists; null (reported unless its entry was already reported) if not. */
    private PortRef port(final String at, final String text, final NetworkState state,
                         final Set<String> declaredInterfaces, final Set<String> declaredLinks) {
        final PortRef ref = checked(at, () -> PortRef.parse(text));
        if (ref == null) {
            return null;
        }
        switch (ref.kind()) {
            case INTERFACE -> {
                if (!state.interfaces().containsKey(ref.name())) {
                    if (!declaredInterfaces.contains(ref.name())) {
                        problem(at, "no interface " + ref.name() + " in interfaces:");
                    }
                    return null;
                }
            }
            case LINK -> {
                if (!state.links().containsKey(ref.name())) {
                    if (!declaredLinks.contains(ref.name())) {
                        problem(at, "no link " + ref.name() + " in links:");
                    }
                    return null;
                }
            }
            default -> {
            }
        }
        return ref;
    }
}
