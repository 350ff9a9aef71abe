package org.vnet.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The request records, one per shape; {@link Command} says which command takes which. */
public final class Requests {
    private Requests() {
    }

    /** Implemented by requests with a rule beyond field types; returns the problem, or null. */
    public interface Checked {
        /** The reason the request is not acceptable, or null. */
        String problem();
    }

    /** A request without fields. */
    public record None() {
    }

    /** A request naming one interface or link ({@code if.del}, {@code link.del}). */
    public record Name(@Required String name) {
    }

    /**
     * {@code if.add}.
     *
     * @param name  TAP device name
     * @param netns network namespace to open it in, or null
     * @param mtu   MTU, or null/0 for the default
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IfAdd(@Required String name, String netns, Integer mtu) {
        /** The MTU asked for, 0 for the default. */
        public int mtuOrDefault() {
            return mtu == null ? 0 : mtu;
        }
    }

    /**
     * {@code link.add}.
     *
     * @param name      link name
     * @param transport udp, tcp or tls
     * @param peer      IP:port or [IPv6]:port
     * @param accept    tcp/tls: wait for the peer to dial (null: false)
     * @param security  udp: aead or trusted (null: aead with a key, else trusted)
     * @param key       udp aead: the pre-shared key, base64 of 32 bytes (never echoed back)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LinkAdd(@Required String name, @Required String transport, @Required String peer, Boolean accept,
                          String security, String key) {
        /** A link without key. */
        public LinkAdd(final String name, final String transport, final String peer, final Boolean accept) {
            this(name, transport, peer, accept, null, null);
        }

        @Override
        public String toString() {
            return "LinkAdd[name=" + name + ", transport=" + transport + ", peer=" + peer + ", accept=" + accept
                + ", security=" + security + (key == null ? "" : ", key=hidden") + "]";
        }

        /** Whether the link waits for its peer. */
        public boolean accepts() {
            return accept != null && accept;
        }
    }

    /**
     * {@code link.key}: a new pre-shared key for a sealed UDP link.
     *
     * @param name link name
     * @param key  base64 of 32 bytes (never echoed back)
     */
    public record LinkKey(@Required String name, @Required String key) {
        @Override
        public String toString() {
            return "LinkKey[name=" + name + ", key=hidden]";
        }
    }

    /**
     * {@code rule.add}: frames matching src, dst and from leave on to. Absent fields are {@code any}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleAdd(String src, String dst, String from, @Required String to) {
        /** src, {@code any} when absent. */
        public String srcOrAny() {
            return src == null ? "any" : src;
        }

        /** dst, {@code any} when absent. */
        public String dstOrAny() {
            return dst == null ? "any" : dst;
        }

        /** from, {@code any} when absent. */
        public String fromOrAny() {
            return from == null ? "any" : from;
        }
    }

    /** {@code rule.del}: the rule's id is in {@code rule}, since {@code id} is the request's echo field. */
    public record RuleDel(@Required(RuleDel.WHAT) Integer rule) implements Checked {
        static final String WHAT = "the id of the rule to delete, a positive integer";

        @Override
        public String problem() {
            return rule < 1 ? "field 'rule' is missing (" + WHAT + ")" : null;
        }
    }

    /** {@code topology}, {@code matrix}: with a resolution, this daemon's view of the last seconds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resolution(Integer resolution) implements Checked {
        /** The resolution asked for, 0 for the global view. */
        public int secondsOrGlobal() {
            return resolution == null ? 0 : resolution;
        }

        @Override
        public String problem() {
            return resolution != null && resolution < 0 ? "field 'resolution' must be a positive number of seconds" : null;
        }
    }

    /**
     * {@code adapt.set}: turn the adaptation leader's loop on or off.
     *
     * @param enabled on or off
     */
    public record AdaptSet(@Required Boolean enabled) {
    }

    /**
     * {@code plan}: the mapping optimiser on the current traffic.
     *
     * @param algorithm {@code greedy}, {@code annealing} or {@code greedy+annealing} (null: the last)
     * @param seed      the annealing's seed (null: 1), so a plan can be reproduced
     * @param steps     the annealing's steps (null: its default)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Plan(String algorithm, Integer seed, Integer steps) {
    }
}
