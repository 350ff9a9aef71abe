package org.vnet.daemon.http;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The {@code http:} section: where the HTTP server listens and the file holding the Bearer token
 * every request must carry (null: no token, allowed only on a loopback address).
 *
 * @param listen    address to bind, e.g. 127.0.0.1:9477
 * @param tokenFile file with the token (one line, mode 0600 or 0400), or null
 */
public record HttpConfig(InetSocketAddress listen, Path tokenFile) {
    /** The port the examples and docs use. */
    public static final int PORT_DEFAULT = 9477;

    /**
     * Checks the pair.
     *
     * @throws IllegalArgumentException when the address is not loopback and no token file is given
     */
    public HttpConfig {
        if (listen == null) {
            throw new IllegalArgumentException("missing listen address (want IP:port, e.g. 127.0.0.1:" + PORT_DEFAULT + ")");
        }
        if (tokenFile == null && !isLoopback(listen)) {
            throw new IllegalArgumentException(listen.getHostString() + " is not a loopback address: bind 127.0.0.1 or ::1,"
                + " or set http.tokenFile so that every request must carry the token");
        }
    }

    /** The listen address as IP:port ([IP]:port for IPv6). */
    public String listenText() {
        final String host = listen.isUnresolved() ? listen.getHostString() : listen.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + listen.getPort();
    }

    /** Whether {@code a} is a loopback address (an unresolved or wildcard address is not). */
    public static boolean isLoopback(final InetSocketAddress a) {
        return !a.isUnresolved() && a.getAddress().isLoopbackAddress();
    }
}
