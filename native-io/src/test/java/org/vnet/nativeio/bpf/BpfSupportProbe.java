package org.vnet.nativeio.bpf;

/**
 * Run in a forked JVM by {@link BpfSupportTest}: prints what that JVM decided.
 */
public final class BpfSupportProbe
{
    private BpfSupportProbe()
    {
    }

    /**
     * Prints {@code available=<bool> cause=<text>}.
     *
     * @param args unused.
     */
    public static void main(final String[] args)
    {
        System.out.println("available=" + BpfSupport.isAvailable() + " cause=" + BpfSupport.unavailabilityCause());
    }
}
