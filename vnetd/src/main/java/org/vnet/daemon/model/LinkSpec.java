package org.vnet.daemon.model;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * A link to a peer daemon.
 *
 * @param name      link name, usually the peer daemon's name
 * @param transport UDP, TCP or TLS
 * @param peer      the peer's listen address for this transport (resolved, IPv4 or IPv6)
 * @param accept    TCP/TLS only: wait for the peer to dial instead of dialling it
 * @param adapted   made by the adaptation agent (a fast-path link), not by an operator: adaptation
 *                  removes only such links and never touches the others
 * @param key       UDP only: the pre-shared key of a {@code security: aead} link, whose every datagram
 *                  is sealed; null for {@code security: trusted} (plain, the trusted-underlay mode)
 */
public record LinkSpec(String name, Transport transport, InetSocketAddress peer, boolean accept, boolean adapted,
                       LinkKey key) {
    /** {@link #security()} of a sealed link. */
    public static final String AEAD = "aead";
    /** {@link #security()} of a plain link. */
    public static final String TRUSTED = "trusted";

    /** An operator's link. */
    public LinkSpec(final String name, final Transport transport, final InetSocketAddress peer, final boolean accept) {
        this(name, transport, peer, accept, false, null);
    }

    /** A plain link. */
    public LinkSpec(final String name, final Transport transport, final InetSocketAddress peer, final boolean accept,
                    final boolean adapted) {
        this(name, transport, peer, accept, adapted, null);
    }

    /** An operator's UDP link sealed with {@code key}. */
    public static LinkSpec sealed(final String name, final InetSocketAddress peer, final LinkKey key) {
        return new LinkSpec(name, Transport.UDP, peer, false, false, key);
    }

    /**
     * {@code aead} (a UDP link with a key: every datagram sealed) or {@code trusted} (plain: the
     * underlay is trusted, or the transport authenticates itself, as TLS does).
     */
    public String security() {
        return key != null ? AEAD : TRUSTED;
    }

    /** Whether every datagram of this link is sealed. */
    public boolean sealed() {
        return key != null;
    }

    /** This link with another key (null: plain). */
    public LinkSpec withKey(final LinkKey newKey) {
        return new LinkSpec(name, transport, peer, accept, adapted, newKey);
    }

    /** Validates every field. */
    public LinkSpec {
        Names.check("link", name);
        if (transport == null) {
            throw new IllegalArgumentException("link " + name + ": transport missing (udp, tcp or tls)");
        }
        if (peer == null || peer.isUnresolved() || peer.getPort() == 0) {
            throw new IllegalArgumentException("link " + name + ": peer must be a resolved IP:port, got " + peer);
        }
        final String nonsense = notUnicast(peer.getAddress());
        if (nonsense != null) {
            throw new IllegalArgumentException("link " + name + ": peer " + formatAddress(peer) + " is " + nonsense
                + ", not a peer daemon's address");
        }
        if (accept && (transport == Transport.UDP || transport == Transport.VXLAN)) {
            throw new IllegalArgumentException("link " + name + ": accept applies to tcp and tls links only");
        }
        if (key != null && transport != Transport.UDP) {
            throw new IllegalArgumentException("link " + name + ": security aead applies to udp links only ("
                + transport.label() + " links are " + (transport == Transport.TLS ? "authenticated by TLS)" : "plain)"));
        }
    }

    /** Parses {@code 1.2.3.4:5}, {@code [::1]:5}; only numeric addresses, so no DNS on the control path. */
    public static InetSocketAddress parseAddress(final String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address (want IP:port or [IPv6]:port)");
        }
        final String t = text.trim();
        final String host;
        final String port;
        if (t.startsWith("[")) {
            final int close = t.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("bad address '" + t + "' (want [IPv6]:port)");
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
        } else {
            final int colon = t.lastIndexOf(':');
            if (colon < 0 || t.indexOf(':') != colon) {
                throw new IllegalArgumentException("bad address '" + t + "' (want IP:port or [IPv6]:port)");
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
        }
        final int p;
        try {
            p = Integer.parseInt(port);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + t + "'");
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port out of range 1..65535 in '" + t + "'");
        }
        if (!isNumericHost(host)) {
            throw new IllegalArgumentException("address '" + t + "' must be a numeric IPv4 or IPv6 address");
        }
        return new InetSocketAddress(host, p);
    }

    /** Formats an address as parsed by {@link #parseAddress}. */
    public static String formatAddress(final InetSocketAddress a) {
        final String h = a.getAddress().getHostAddress();
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    /**
     * Whether a link to {@code peer} would go to the daemon listening on {@code listen}: the same port and
     * address, or {@code listen} is a wildcard and {@code peer} is an address of this host.
     */
    public static boolean sameEndpoint(final InetSocketAddress peer, final InetSocketAddress listen) {
        if (listen == null || peer.getPort() != listen.getPort()) {
            return false;
        }
        final InetAddress p = peer.getAddress();
        return p.equals(listen.getAddress()) || listen.getAddress().isAnyLocalAddress() && isOwnAddress(p);
    }

    private static boolean isOwnAddress(final InetAddress a) {
        try {
            return a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (final SocketException e) {
            return false;
        }
    }

    /** Why {@code a} cannot be a peer's unicast address, or null when it can. */
    private static String notUnicast(final InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return "the wildcard address";
        }
        if (a.isMulticastAddress()) {
            return "a multicast address";
        }
        if (a instanceof Inet4Address && a.getAddress()[0] == (byte) 255 && a.getAddress()[1] == (byte) 255
            && a.getAddress()[2] == (byte) 255 && a.getAddress()[3] == (byte) 255) {
            return "the broadcast address";
        }
        return null;
    }

    private static boolean isNumericHost(final String host) {
        if (host.isEmpty()) {
            return false;
        }
        if (host.indexOf(':') >= 0) {
            for (int i = 0; i < host.length(); i++) {
                final char c = host.charAt(i);
                if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                    return false;
                }
            }
            return true;
        }
        final String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (final String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit) || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
