package org.vnet.forwarder;

/**
 * Run in a forked JVM by {@link NativeForwarderTest}: prints what that JVM decided.
 */
public final class KillSwitchProbe
{
    private KillSwitchProbe()
    {
    }

    /**
     * Prints {@code available=<bool> io=<name> cause=<text>}.
     *
     * @param args unused.
     */
    public static void main(final String[] args)
    {
        System.out.println("available=" + NativeForwarder.isAvailable() +
            " io=" + TapDevice.defaultIo().implementationName() +
            " cause=" + NativeForwarder.unavailabilityCause());
    }
}
