package org.vnet.daemon.model;

import org.vnet.inference.packet.Mac;

/**
 * One MAC field of a forwarding rule: {@code any}, an exact address, or {@code not-ADDRESS}.
 *
 * @param kind    how the field matches
 * @param address the address for {@link Kind#EXACT} and {@link Kind#NOT}, 0 for {@link Kind#ANY}
 */
public record MacMatch(Kind kind, long address) {
    /** How a MAC field matches. */
    public enum Kind { ANY, EXACT, NOT }

    /** Matches every address. */
    public static final MacMatch ANY = new MacMatch(Kind.ANY, 0);

    /** Parses {@code any}, {@code aa:bb:..}, or {@code not-aa:bb:..}. */
    public static MacMatch parse(final String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty MAC match (want any, a MAC, or not-MAC)");
        }
        final String t = text.trim().toLowerCase();
        if (t.equals("any")) {
            return ANY;
        }
        if (t.startsWith("not-")) {
            return new MacMatch(Kind.NOT, Mac.parse(t.substring(4)));
        }
        return new MacMatch(Kind.EXACT, Mac.parse(t));
    }

    /** True when {@code mac} satisfies this field. */
    public boolean matches(final long mac) {
        return switch (kind) {
            case ANY -> true;
            case EXACT -> mac == address;
            case NOT -> mac != address;
        };
    }

    /** Specificity used to rank rules: exact 2, not 1, any 0. */
    public int specificity() {
        return switch (kind) {
            case ANY -> 0;
            case EXACT -> 2;
            case NOT -> 1;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ANY -> "any";
            case EXACT -> Mac.format(address);
            case NOT -> "not-" + Mac.format(address);
        };
    }
}
