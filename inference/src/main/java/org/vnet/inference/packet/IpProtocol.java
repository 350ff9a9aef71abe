package org.vnet.inference.packet;

/**
 * IP protocol numbers (the IPv4 protocol field, the IPv6 next header) the switch and the inference read.
 */
public final class IpProtocol
{
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMPV6 = 58;

    private IpProtocol()
    {
    }
}
