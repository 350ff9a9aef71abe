package org.vnet.inference.bic;

/**
 * The four event kinds of one endpoint's stream: send packet (payload), send pure ACK, receive packet, receive
 * pure ACK. Non-TCP frames count as packets.
 */
public final class EventKind
{
    public static final int SP = 0;
    public static final int SA = 1;
    public static final int RP = 2;
    public static final int RA = 3;
    public static final int NONE = -1;

    private static final String[] NAMES = { "SP", "SA", "RP", "RA" };

    private EventKind()
    {
    }

    public static boolean isSend(final int kind)
    {
        return kind == SP || kind == SA;
    }

    public static String name(final int kind)
    {
        return kind >= 0 && kind < 4 ? NAMES[kind] : "NONE";
    }
}
