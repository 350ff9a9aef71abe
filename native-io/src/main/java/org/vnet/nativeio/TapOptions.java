package org.vnet.nativeio;

import java.nio.charset.StandardCharsets;

/**
 * What to open: device name, network namespace, MTU, link state and TUN flags. Fluent
 * setters; {@link #validate()} checks everything and fails with a message naming the field.
 */
public final class TapOptions
{
    /** Directory where {@code ip netns add NAME} puts its namespace files. */
    public static final String NETNS_DIR = "/var/run/netns/";
    /** Smallest MTU accepted (IPv4 minimum). */
    public static final int MTU_MIN = 68;
    /** Largest MTU a TAP device accepts. */
    public static final int MTU_MAX = 65535;

    private String name = "";
    private String netns;
    private int mtu;
    private boolean up = true;
    private boolean vnetHeader;
    private boolean multiQueue;

    /**
     * Device name; empty lets the kernel choose ({@code tapN}). Default empty.
     *
     * @return the requested name.
     */
    public String name()
    {
        return name;
    }

    /**
     * Sets the device name: at most 15 bytes, no '/', ':' or whitespace. An existing
     * persistent TAP with this name is attached to, not re-created.
     *
     * @param name the name, or empty for a kernel-chosen one.
     * @return this.
     */
    public TapOptions name(final String name)
    {
        this.name = null == name ? "" : name;
        return this;
    }

    /**
     * Network namespace, or null for the caller's.
     *
     * @return as given: a name under {@link #NETNS_DIR} or an absolute path.
     */
    public String netns()
    {
        return netns;
    }

    /**
     * Sets the network namespace: a name made by {@code ip netns add} or an absolute path
     * to a namespace file (such as {@code /proc/PID/ns/net}); null or empty for none.
     *
     * @param netns the namespace.
     * @return this.
     */
    public TapOptions netns(final String netns)
    {
        this.netns = null == netns || netns.isEmpty() ? null : netns;
        return this;
    }

    /**
     * Namespace file to {@code setns} into.
     *
     * @return the absolute path, or null for the caller's namespace.
     */
    public String netnsPath()
    {
        if (null == netns)
        {
            return null;
        }
        return netns.indexOf('/') >= 0 ? netns : NETNS_DIR + netns;
    }

    /**
     * MTU to set; 0 leaves the device's MTU as it is. Default 0.
     *
     * @return the MTU.
     */
    public int mtu()
    {
        return mtu;
    }

    /**
     * Sets the MTU: 0, or {@value #MTU_MIN} to {@value #MTU_MAX}.
     *
     * @param mtu the MTU.
     * @return this.
     */
    public TapOptions mtu(final int mtu)
    {
        this.mtu = mtu;
        return this;
    }

    /**
     * Whether the link is brought up after opening. Default true.
     *
     * @return true to set {@code IFF_UP}.
     */
    public boolean up()
    {
        return up;
    }

    /**
     * Sets whether the link is brought up; false leaves its state alone.
     *
     * @param up true to set {@code IFF_UP}.
     * @return this.
     */
    public TapOptions up(final boolean up)
    {
        this.up = up;
        return this;
    }

    /**
     * Whether frames carry a {@code virtio_net_hdr} prefix ({@code IFF_VNET_HDR}). Default false.
     *
     * @return true for a vnet header.
     */
    public boolean vnetHeader()
    {
        return vnetHeader;
    }

    /**
     * Sets {@code IFF_VNET_HDR}: every frame read or written starts with a
     * {@value TunConstants#VIRTIO_NET_HDR_LENGTH}-byte header (see
     * {@link TapDevice#setVnetHeaderSize(int)}); needed for offloads.
     *
     * @param vnetHeader true for a vnet header.
     * @return this.
     */
    public TapOptions vnetHeader(final boolean vnetHeader)
    {
        this.vnetHeader = vnetHeader;
        return this;
    }

    /**
     * Whether this fd is one queue of a multi-queue device. Default false.
     *
     * @return true for {@code IFF_MULTI_QUEUE}.
     */
    public boolean multiQueue()
    {
        return multiQueue;
    }

    /**
     * Sets {@code IFF_MULTI_QUEUE}: each open with the same name adds a queue. Must match
     * how an existing persistent device was created.
     *
     * @param multiQueue true for a multi-queue device.
     * @return this.
     */
    public TapOptions multiQueue(final boolean multiQueue)
    {
        this.multiQueue = multiQueue;
        return this;
    }

    /**
     * Flags for {@code TUNSETIFF}.
     *
     * @return {@code IFF_TAP | IFF_NO_PI} plus the optional flags.
     */
    public int tunFlags()
    {
        return TunConstants.IFF_TAP | TunConstants.IFF_NO_PI |
            (vnetHeader ? TunConstants.IFF_VNET_HDR : 0) |
            (multiQueue ? TunConstants.IFF_MULTI_QUEUE : 0);
    }

    /**
     * Checks every field.
     *
     * @return this.
     * @throws IllegalArgumentException naming the field and the rule it breaks.
     */
    public TapOptions validate()
    {
        final int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes >= TunConstants.IFNAMSIZ)
        {
            throw new IllegalArgumentException(
                "TAP name '" + name + "' is " + nameBytes + " bytes; at most " + (TunConstants.IFNAMSIZ - 1) +
                " are allowed");
        }
        if (".".equals(name) || "..".equals(name) || containsIllegalNameChar(name))
        {
            throw new IllegalArgumentException(
                "TAP name '" + name + "' is not a valid interface name (no '/', ':' or whitespace, not '.' or '..')");
        }
        if (null != netns)
        {
            if (netns.indexOf('/') >= 0)
            {
                if (!netns.startsWith("/"))
                {
                    throw new IllegalArgumentException(
                        "netns '" + netns + "' for TAP '" + name + "' must be a name under " + NETNS_DIR +
                        " or an absolute path");
                }
            }
            else if (".".equals(netns) || "..".equals(netns) || containsWhitespace(netns))
            {
                throw new IllegalArgumentException(
                    "netns name '" + netns + "' for TAP '" + name + "' is not a valid namespace name");
            }
        }
        if (0 != mtu && (mtu < MTU_MIN || mtu > MTU_MAX))
        {
            throw new IllegalArgumentException(
                "MTU " + mtu + " for TAP '" + name + "' is out of range: use 0 (leave as is) or " + MTU_MIN + ".." +
                MTU_MAX);
        }
        return this;
    }

    private static boolean containsIllegalNameChar(final String s)
    {
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if ('/' == c || ':' == c || Character.isWhitespace(c) || c < 0x20)
            {
                return true;
            }
        }
        return false;
    }

    private static boolean containsWhitespace(final String s)
    {
        for (int i = 0; i < s.length(); i++)
        {
            if (Character.isWhitespace(s.charAt(i)))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "TapOptions{name='" + name + "', netns=" + netns + ", mtu=" + mtu + ", up=" + up +
            ", vnetHeader=" + vnetHeader + ", multiQueue=" + multiQueue + '}';
    }
}
