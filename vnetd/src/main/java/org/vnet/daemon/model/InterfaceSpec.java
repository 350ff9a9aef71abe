package org.vnet.daemon.model;

/**
 * A local VM interface: a TAP device, optionally opened inside a named network namespace.
 *
 * @param name     TAP device name
 * @param netns    named network namespace (under /var/run/netns) or null for the daemon's own
 * @param mtu      MTU to set, or 0 for the default (underlay MTU minus encapsulation overhead)
 * @param security MAC pinning, learning limit and storm control ({@link PortSecurity#NONE} when null)
 */
public record InterfaceSpec(String name, String netns, int mtu, PortSecurity security) {
    /** Validates every field. */
    public InterfaceSpec {
        Names.checkInterface(name);
        if (netns != null && netns.isBlank()) {
            netns = null;
        }
        if (netns != null) {
            Names.check("netns", netns);
        }
        if (mtu != 0 && (mtu < 68 || mtu > 65521)) {
            throw new IllegalArgumentException("interface " + name + ": mtu " + mtu + " out of range 68..65521");
        }
        if (security == null) {
            security = PortSecurity.NONE;
        }
    }

    /** An interface without port security. */
    public InterfaceSpec(final String name, final String netns, final int mtu) {
        this(name, netns, mtu, PortSecurity.NONE);
    }
}
