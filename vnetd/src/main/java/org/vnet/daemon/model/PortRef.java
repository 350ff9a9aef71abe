package org.vnet.daemon.model;

/**
 * A named place a frame comes from or goes to: a local interface ({@code if:NAME}), a link to a
 * peer daemon ({@code link:NAME}), or, as a rule's source only, {@code any}.
 *
 * @param kind what the name refers to
 * @param name the interface or link name, empty for {@link Kind#ANY}
 */
public record PortRef(Kind kind, String name) {
    /** What a reference points at. */
    public enum Kind { ANY, INTERFACE, LINK }

    /** Any source. */
    public static final PortRef ANY = new PortRef(Kind.ANY, "");

    /** Parses {@code any}, {@code if:NAME} or {@code link:NAME}. */
    public static PortRef parse(final String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty port (want any, if:NAME or link:NAME)");
        }
        final String t = text.trim();
        if (t.equals("any")) {
            return ANY;
        }
        if (t.startsWith("if:")) {
            return new PortRef(Kind.INTERFACE, Names.check("interface", t.substring(3)));
        }
        if (t.startsWith("link:")) {
            return new PortRef(Kind.LINK, Names.check("link", t.substring(5)));
        }
        throw new IllegalArgumentException("bad port '" + t + "' (want any, if:NAME or link:NAME)");
    }

    /** Reference to interface {@code name}. */
    public static PortRef iface(final String name) {
        return new PortRef(Kind.INTERFACE, name);
    }

    /** Reference to link {@code name}. */
    public static PortRef link(final String name) {
        return new PortRef(Kind.LINK, name);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ANY -> "any";
            case INTERFACE -> "if:" + name;
            case LINK -> "link:" + name;
        };
    }
}
