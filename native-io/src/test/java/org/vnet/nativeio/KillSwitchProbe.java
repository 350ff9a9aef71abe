package org.vnet.nativeio;

/**
 * Run in a forked JVM by {@link NativeLibraryTest}: prints what that JVM decided.
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
        System.out.println("available=" + NativeLibrary.isAvailable() +
            " io=" + TapDevice.defaultIo().implementationName() +
            " cause=" + NativeLibrary.unavailabilityCause());
    }
}
