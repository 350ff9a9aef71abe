package org.vnet.daemon.config;

import org.vnet.daemon.adapt.AdaptationConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

import org.vnet.daemon.datapath.DataPathConfig;
import org.vnet.daemon.http.HttpConfig;
import org.vnet.daemon.journal.JournalConfig;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.RuleSpec;

/**
 * A daemon's validated start-up configuration: identity, listen addresses, TLS material, file
 * paths, and the interfaces, links and rules to start with when no state file exists.
 *
 * @param source      the file it was read from
 * @param name        daemon identity, 1-32 of [A-Za-z0-9_.-]
 * @param hub         true on the star's proxy: forwards link to link (split horizon)
 * @param listen      local addresses to accept links on (each may be null)
 * @param tls         certificate, key and CA for TLS links, or null when no TLS is used
 * @param control     Unix control socket path
 * @param state       persisted state file path
 * @param counters    counters file path
 * @param underlayMtu MTU of the physical network the links run over, 576..65535
 * @param interfaces  interfaces to start with
 * @param links       links to start with
 * @param rules       rules to start with, with ids 1..n in file order
 * @param journal     the packet-event journal, or null when it is off (no {@code journal:} key)
 * @param dataPath    which data path switches established flows ({@code datapath:})
 * @param adaptation  the daemon's part in adaptation ({@code adaptation:}; {@link AdaptationConfig#NONE} without it)
 * @param http        the HTTP server ({@code http:}: {@code /metrics}), or null when it is off
 */
public record DaemonConfig(Path source, String name, boolean hub, Listen listen, Tls tls, Path control, Path state,
                           Path counters, int underlayMtu, List<InterfaceSpec> interfaces, List<LinkSpec> links,
                           List<RuleSpec> rules, JournalConfig journal, DataPathConfig dataPath,
                           AdaptationConfig adaptation, HttpConfig http) {

    /** Default {@code underlayMtu}. */
    public static final int UNDERLAY_MTU_DEFAULT = 1500;
    /** Smallest {@code underlayMtu} (the IPv4 minimum datagram every host accepts). */
    public static final int UNDERLAY_MTU_MIN = 576;
    /** Largest {@code underlayMtu}. */
    public static final int UNDERLAY_MTU_MAX = 65535;
    /** Directory of the default control socket and counters file. */
    public static final String CONTROL_DIR_DEFAULT = "/run/vnet";
    /** Directory of the default state file. */
    public static final String STATE_DIR_DEFAULT = "/var/lib/vnet";

    /** Copies the lists. */
    public DaemonConfig {
        interfaces = List.copyOf(interfaces);
        links = List.copyOf(links);
        rules = List.copyOf(rules);
    }

    /**
     * Reads and validates a YAML configuration file.
     *
     * @throws ConfigException listing every problem as {@code FILE[:LINE]: KEY.PATH: reason}
     */
    public static DaemonConfig load(final Path file) throws ConfigException {
        return new ConfigLoader(file).load();
    }

    /**
     * The interfaces, links and rules of this file as a {@link NetworkState}, built through its
     * checked {@code with*} methods (already known to succeed: {@link #load} ran them).
     */
    public NetworkState initialState() {
        NetworkState s = NetworkState.EMPTY;
        for (final InterfaceSpec i : interfaces) {
            s = s.withInterface(i);
        }
        for (final LinkSpec l : links) {
            s = s.withLink(l);
        }
        for (final RuleSpec r : rules) {
            s = s.withRule(r);
        }
        return s;
    }

    /**
     * Local listen addresses; each is null when the daemon does not listen on that transport.
     *
     * @param udp UDP socket every UDP link sends from and receives on
     * @param tcp TCP server socket for links that accept
     * @param tls TLS server socket for links that accept
     */
    public record Listen(InetSocketAddress udp, InetSocketAddress tcp, InetSocketAddress tls) {
        /** Listens on nothing. */
        public static final Listen NONE = new Listen(null, null, null);
    }

    /**
     * TLS material, PEM files.
     *
     * @param cert this daemon's certificate chain
     * @param key  its private key, PKCS#8
     * @param ca   the CA that signs every daemon's certificate (peers are authenticated against it)
     */
    public record Tls(Path cert, Path key, Path ca) {
    }
}
