package org.vnet.daemon.adapt;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The payloads of ADAPT and ADAPT_REPORT messages: small JSON objects (they travel every few
 * seconds, not per frame). A directive is declarative, the whole set of fast-path links its
 * receiver should have, so a lost or repeated one does no harm.
 */
public final class Messages {
    /** Largest payload either message may have. */
    public static final int MAX_BYTES = 60_000;

    private static final ObjectMapper JSON = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private Messages() {
    }

    /**
     * A fast-path link a follower should have.
     *
     * @param name      the link's name: the peer daemon's
     * @param transport udp, tcp or tls
     * @param peer      the peer's listen address, IP:port
     * @param accept    stream links: this end waits for the peer to dial
     * @param macs      the peer's VMs: frames to them take this link
     */
    public record FastLink(String name, String transport, String peer, boolean accept, List<String> macs) {
    }

    /**
     * ADAPT: from the leader, the fast-path links the receiver should have.
     *
     * @param leader the leader's name
     * @param epoch  grows with every change of any follower's set
     * @param links  the whole set
     */
    public record Directive(String leader, long epoch, List<FastLink> links) {
    }

    /**
     * ADAPT_REPORT: from a follower, what it has.
     *
     * @param daemon        the follower's name
     * @param epoch         the epoch of the last directive it applied (0: none)
     * @param links         its adapted links (peer names)
     * @param operatorLinks its other links (peer names): pairs the leader must leave alone
     * @param error         why the last directive could not be applied, or null
     */
    public record Report(String daemon, long epoch, List<String> links, List<String> operatorLinks, String error) {
    }

    /** Encodes any of the records. */
    public static byte[] encode(final Record message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (final IOException e) {
            throw new IllegalStateException("cannot encode " + message, e);
        }
    }

    /**
     * Decodes a directive.
     *
     * @throws IllegalArgumentException if the payload is not one
     */
    public static Directive directive(final byte[] payload) {
        final Directive d = decode(payload, Directive.class);
        if (d.leader() == null || d.links() == null) {
            throw new IllegalArgumentException("directive without leader or links");
        }
        for (final FastLink l : d.links()) {
            if (l == null || l.name() == null || l.transport() == null || l.peer() == null || l.macs() == null) {
                throw new IllegalArgumentException("directive link without name, transport, peer or macs");
            }
        }
        return d;
    }

    /**
     * Decodes a report.
     *
     * @throws IllegalArgumentException if the payload is not one
     */
    public static Report report(final byte[] payload) {
        final Report r = decode(payload, Report.class);
        if (r.daemon() == null || r.links() == null || r.operatorLinks() == null) {
            throw new IllegalArgumentException("report without daemon or links");
        }
        return r;
    }

    private static <T> T decode(final byte[] payload, final Class<T> type) {
        if (payload.length > MAX_BYTES) {
            throw new IllegalArgumentException(type.getSimpleName() + " of " + payload.length + " bytes, over " + MAX_BYTES);
        }
        try {
            final T t = JSON.readValue(payload, type);
            if (t == null) {
                throw new IllegalArgumentException("empty " + type.getSimpleName());
            }
            return t;
        } catch (final IOException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + ": " + e.getMessage());
        }
    }
}
