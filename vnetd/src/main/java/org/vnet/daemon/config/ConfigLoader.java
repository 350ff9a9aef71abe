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
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.vnet.daemon.adapt.AdaptationConfig;
import org.vnet.daemon.datapath.DataPathConfig;
import org.vnet.daemon.http.HttpConfig;
import org.vnet.daemon.journal.JournalConfig;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkKey;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.model.Names;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.PortSecurity;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.journal.JournalRoll;

/**
 * Reads one YAML file into a {@link DaemonConfig}: binds it strictly with Jackson (binding errors
 * worded by {@link YamlErrors}), then checks each key and the keys against each other, collecting
 * every problem with its line ({@link Problems}); TLS files are checked by {@link PemFiles}.
 */
final class ConfigLoader {
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    private final Path file;
    private final String fileName;
    private final Path baseDir;
    private final Problems problems;
    private final PemFiles pem;

    ConfigLoader(final Path file) {
        this.file = file;
        this.fileName = file.toString();
        final Path parent = file.toAbsolutePath().getParent();
        this.baseDir = parent != null ? parent : Path.of("/");
        this.problems = new Problems(fileName);
        this.pem = new PemFiles(problems, baseDir);
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
        problems.lines(bytes);
        final DaemonConfig config = check(raw);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.list());
        }
        return config;
    }

    private RawConfig bind(final byte[] bytes) throws ConfigException {
        final RawConfig raw;
        try {
            raw = MAPPER.readValue(bytes, RawConfig.class);
        } catch (final JsonProcessingException e) {
            throw new YamlErrors(fileName).refusal(e);
        } catch (final IOException e) {
            throw new ConfigException(fileName + ": cannot read: " + e, e);
        }
        if (raw == null) {
            throw new ConfigException(List.of(fileName + ": the file is empty (want at least 'name:')"));
        }
        return raw;
    }

    private void problem(final String path, final String why) {
        problems.add(path, why);
    }

    private <T> T checked(final String path, final Supplier<T> check) {
        return problems.checked(path, check);
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
        final AdaptationConfig adaptation = adaptation(raw.adaptation(), declaredLinks);
        final HttpConfig http = http(raw.http());
        return new DaemonConfig(file, id, Boolean.TRUE.equals(raw.hub()), listen, tls, control, state, counters, mtu,
            interfaces, links, rules, journal, dataPath, adaptation, http);
    }

    private HttpConfig http(final RawConfig.Http raw) {
        if (raw == null) {
            return null;
        }
        if (raw.listen() == null) {
            problem("http.listen", "missing (want IP:port, e.g. 127.0.0.1:" + HttpConfig.PORT_DEFAULT + ")");
            return null;
        }
        final InetSocketAddress listen = address("http.listen", raw.listen());
        final Path tokenFile = raw.tokenFile() == null ? null : path("http.tokenFile", raw.tokenFile(), null);
        return listen == null ? null : checked("http.listen", () -> new HttpConfig(listen, tokenFile));
    }

    private AdaptationConfig adaptation(final RawConfig.Adaptation raw, final Set<String> declaredLinks) {
        final AdaptationConfig d = AdaptationConfig.NONE;
        if (raw == null) {
            return d;
        }
        final String follow = raw.follow() == null || raw.follow().isBlank() ? null : raw.follow().trim();
        if (follow != null && !declaredLinks.contains(follow)) {
            problem("adaptation.follow", "no link named '" + follow + "' in links: a follower takes directives from one of its links");
        }
        final AdaptationConfig result = checked("adaptation", () -> new AdaptationConfig(Boolean.TRUE.equals(raw.leader()),
            Boolean.TRUE.equals(raw.enabled()), follow,
            or(raw.addBytesPerSecond(), d.addBytesPerSecond()), or(raw.removeBytesPerSecond(), d.removeBytesPerSecond()),
            or(raw.dwellMillis(), d.dwellMillis()), raw.linksPerHost() == null ? d.linksPerHost() : raw.linksPerHost(),
            raw.addsPerRound() == null ? d.addsPerRound() : raw.addsPerRound(), or(raw.periodMillis(), d.periodMillis()),
            or(raw.windowMillis(), d.windowMillis()), raw.maxLinks() == null ? d.maxLinks() : raw.maxLinks(),
            raw.vmsPerHost() == null ? d.vmsPerHost() : raw.vmsPerHost(),
            or(raw.bandwidthBytesPerSecond(), d.bandwidthBytesPerSecond()), or(raw.latencyMicros(), d.latencyMicros()),
            adaptationKey(raw.keyFile())));
        return result == null ? d : result;
    }

    private LinkKey adaptationKey(final String file) {
        if (file == null || file.isBlank()) {
            return null;
        }
        try {
            return readKey(file);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("keyFile: " + e.getMessage(), e);
        }
    }

    /** The key in file {@code name} (relative to the config's folder); the reason when it cannot be read. */
    private LinkKey readKey(final String name) {
        final Path keyFile = baseDir.resolve(name.trim()).normalize();
        try {
            return LinkKey.read(keyFile);
        } catch (final IOException e) {
            throw new IllegalArgumentException(e.getMessage() != null && e.getMessage().startsWith("key file")
                ? e.getMessage() : "cannot read key file " + keyFile + ": " + e, e);
        }
    }

    private static long or(final Long value, final long otherwise) {
        return value == null ? otherwise : value;
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
        final JournalRoll roll = raw.rollCycle() == null ? JournalConfig.ROLL_DEFAULT
            : checked("journal.rollCycle", () -> JournalRoll.parse(raw.rollCycle()));
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
        final Path cert = pem.file("tls.cert", raw.cert(), "the certificate (PEM)", PemFiles.CERTIFICATE);
        final Path key = pem.file("tls.key", raw.key(), "the private key (PEM, PKCS#8)", PemFiles.PKCS8_KEY);
        final Path ca = pem.file("tls.ca", raw.ca(), "the CA certificate (PEM)", PemFiles.CERTIFICATE);
        return new DaemonConfig.Tls(cert, key, ca);
    }

    private List<InterfaceSpec> interfaces(final List<RawConfig.Interface> raw) {
        final List<InterfaceSpec> result = new ArrayList<>();
        if (raw == null) {
            return result;
        }
        final Map<String, Integer> seen = new HashMap<>();
        final Map<Long, Integer> pinned = new HashMap<>();
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
            final PortSecurity security = security(at, r);
            if (security == null) {
                continue;
            }
            final InterfaceSpec spec = checked(at + ".mtu", () -> new InterfaceSpec(r.name(), r.netns(), mtu, security));
            if (spec == null) {
                continue;
            }
            if (security.pin() == PortSecurity.Pin.FIXED) {
                final Integer other = pinned.putIfAbsent(security.mac(), i);
                if (other != null) {
                    problem(at + ".pinMac", security.pinText() + " is already pinned by interfaces[" + other + "]");
                    continue;
                }
            }
            result.add(spec);
        }
        return result;
    }

    private PortSecurity security(final String at, final RawConfig.Interface r) {
        final RawConfig.Storm storm = r.storm();
        final PortSecurity.Limit broadcast = limit(at + ".storm.broadcast", storm == null ? null : storm.broadcast());
        final PortSecurity.Limit multicast = limit(at + ".storm.multicast", storm == null ? null : storm.multicast());
        final PortSecurity.Limit unknown = limit(at + ".storm.unknownUnicast", storm == null ? null : storm.unknownUnicast());
        final PortSecurity limits = checked(at + ".maxMacs", () -> new PortSecurity(PortSecurity.Pin.OFF, -1,
            r.maxMacs() == null ? 0 : r.maxMacs(), broadcast, multicast, unknown));
        if (limits == null || broadcast == null || multicast == null || unknown == null) {
            return null;
        }
        return checked(at + ".pinMac", () -> limits.withPin(r.pinMac()));
    }

    private PortSecurity.Limit limit(final String at, final RawConfig.Limit raw) {
        if (raw == null) {
            return PortSecurity.Limit.NONE;
        }
        if (raw.rate() == null) {
            problem(at + ".rate", "missing (frames per second)");
            return null;
        }
        final long burst = raw.burst() == null ? Math.max(1, raw.rate() / 10) : raw.burst();
        return checked(at, () -> new PortSecurity.Limit(raw.rate(), burst));
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
                problem(at, "empty entry (want name, transport, peer, and optionally accept, security, key or keyFile)");
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
            final LinkKey key;
            try {
                key = security(at, transport, r);
            } catch (final IllegalArgumentException e) {
                problem(at, e.getMessage());
                continue;
            }
            final LinkSpec spec = checked(at, () -> new LinkSpec(name, transport, p, accept, false, key));
            if (spec == null) {
                continue;
            }
            final InetSocketAddress own = transport == Transport.TCP ? listen.tcp()
                : transport == Transport.TLS ? listen.tls() : listen.udp();
            if (LinkSpec.sameEndpoint(p, own)) {
                problem(at + ".peer", LinkSpec.formatAddress(p) + " is this daemon's own listen address");
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

    /**
     * The key of a {@code security: aead} link, or null for {@code trusted}: {@code security} says
     * which (a key alone means aead); aead needs exactly one of {@code key} and {@code keyFile}.
     */
    private LinkKey security(final String at, final Transport transport, final RawConfig.Link r) {
        final String security = r.security() == null ? null : r.security().trim();
        final boolean keyed = r.key() != null || r.keyFile() != null;
        if (security != null && !LinkSpec.AEAD.equals(security) && !LinkSpec.TRUSTED.equals(security)) {
            throw new IllegalArgumentException("security must be aead or trusted, got '" + security + "'");
        }
        if (LinkSpec.TRUSTED.equals(security) || security == null && !keyed) {
            if (keyed) {
                throw new IllegalArgumentException("security trusted takes no key (remove key/keyFile or say aead)");
            }
            return null;
        }
        if (transport != Transport.UDP) {
            throw new IllegalArgumentException("security aead applies to udp links only");
        }
        if (r.key() != null && r.keyFile() != null) {
            throw new IllegalArgumentException("give key or keyFile, not both");
        }
        if (!keyed) {
            throw new IllegalArgumentException("security aead needs key (base64 of 32 bytes) or keyFile");
        }
        if (r.key() != null) {
            return LinkKey.parse(r.key());
        }
        return readKey(r.keyFile());
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
