package org.vnet.daemon.model;

/**
 * A VNET forwarding rule: frames whose source MAC, destination MAC and ingress port match go out
 * on {@code to}. Rules are ranked by {@link #specificity()}; a frame leaves on every matching rule
 * of the best rank.
 *
 * @param id   stable id assigned by the daemon (0 before it is added)
 * @param src  source MAC match
 * @param dst  destination MAC match
 * @param from ingress port, or {@link PortRef#ANY}
 * @param to   egress port (an interface or a link, never any)
 * @param adapted made by the adaptation agent (steers a pair onto a fast-path link), not by an
 *                operator: adaptation removes only such rules and never touches the others
 */
public record RuleSpec(int id, MacMatch src, MacMatch dst, PortRef from, PortRef to, boolean adapted) {
    /** An operator's rule. */
    public RuleSpec(final int id, final MacMatch src, final MacMatch dst, final PortRef from, final PortRef to) {
        this(id, src, dst, from, to, false);
    }

    /** Validates every field. */
    public RuleSpec {
        if (src == null || dst == null || from == null || to == null) {
            throw new IllegalArgumentException("rule needs src, dst, from and to");
        }
        if (to.kind() == PortRef.Kind.ANY) {
            throw new IllegalArgumentException("rule 'to' must be if:NAME or link:NAME, not any");
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("rule 'from' and 'to' are both " + to + ": a frame never goes back where it came from");
        }
    }

    /** Sum of field specificities: exact 2, not 1, any 0 for src and dst; 2 for a named ingress. */
    public int specificity() {
        return src.specificity() + dst.specificity() + (from.kind() == PortRef.Kind.ANY ? 0 : 2);
    }

    /** The same rule with {@code newId}. */
    public RuleSpec withId(final int newId) {
        return new RuleSpec(newId, src, dst, from, to, adapted);
    }

    /** True when both rules match the same frames and send them to the same place. */
    public boolean sameAs(final RuleSpec other) {
        return src.equals(other.src) && dst.equals(other.dst) && from.equals(other.from) && to.equals(other.to);
    }

    @Override
    public String toString() {
        return "#" + id + " src " + src + " dst " + dst + " from " + from + " to " + to;
    }
}
