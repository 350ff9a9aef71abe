package org.vnet.nativeio;

import com.sun.jna.Native;

import java.util.function.Supplier;

/**
 * Whether libvnetfwd.so is usable, in the style of Netty's {@code Epoll}: loaded once,
 * {@link #isAvailable()} and {@link #unavailabilityCause()} tell the outcome, and the
 * {@value #DISABLE_PROP_NAME} property switches it off.
 */
public final class NativeLibrary
{
    /** System property: {@code true} disables the native library (the pure-JNA path is used). */
    public static final String DISABLE_PROP_NAME = "vnet.native.disable";
    /** Library name as JNA resolves it: {@code libvnetfwd.so}, from the jar's {@code linux-x86-64/}. */
    public static final String LIBRARY_NAME = "vnetfwd";
    /** ABI version this Java code was written for ({@code VNETFWD_ABI_VERSION}). */
    public static final int ABI_VERSION = 2;

    private static final Throwable UNAVAILABILITY_CAUSE =
        unavailabilityCause(System.getProperty(DISABLE_PROP_NAME), NativeLibrary::loadLibrary);

    private NativeLibrary()
    {
    }

    /**
     * Whether {@link NativeTapIo} can be used.
     *
     * @return true when libvnetfwd.so was loaded and not disabled.
     */
    public static boolean isAvailable()
    {
        return null == UNAVAILABILITY_CAUSE;
    }

    /**
     * Why the native library is not used.
     *
     * @return the cause, or null when {@link #isAvailable()}.
     */
    public static Throwable unavailabilityCause()
    {
        return UNAVAILABILITY_CAUSE;
    }

    /**
     * Fails unless the native library is available.
     *
     * @throws UnsatisfiedLinkError with the cause attached.
     */
    public static void ensureAvailability()
    {
        if (null != UNAVAILABILITY_CAUSE)
        {
            final UnsatisfiedLinkError error = new UnsatisfiedLinkError("libvnetfwd is not available");
            error.initCause(UNAVAILABILITY_CAUSE);
            throw error;
        }
    }

    /**
     * The availability decision: the kill switch wins, otherwise whatever loading reports.
     *
     * @param disableProperty value of {@value #DISABLE_PROP_NAME}, may be null.
     * @param loader          loads the library; returns null on success or the failure.
     * @return null when available, otherwise the cause.
     */
    static Throwable unavailabilityCause(final String disableProperty, final Supplier<Throwable> loader)
    {
        if (Boolean.parseBoolean(null == disableProperty ? null : disableProperty.trim()))
        {
            return new UnsupportedOperationException(
                "libvnetfwd disabled by -D" + DISABLE_PROP_NAME + "=" + disableProperty);
        }
        return loader.get();
    }

    private static Throwable loadLibrary()
    {
        try
        {
            Native.register(VnetFwd.class, LIBRARY_NAME);
            final int abi = VnetFwd.vnetfwd_abi_version();
            if (ABI_VERSION != abi)
            {
                return new UnsatisfiedLinkError(
                    "libvnetfwd ABI version " + abi + " does not match the expected " + ABI_VERSION);
            }
            return null;
        }
        catch (final LinkageError | RuntimeException ex)
        {
            return ex;
        }
    }
}
