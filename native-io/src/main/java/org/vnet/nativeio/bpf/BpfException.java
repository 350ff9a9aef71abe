package org.vnet.nativeio.bpf;

import org.vnet.nativeio.Errno;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * A BPF set-up step failed: loading libbpf or an object, pinning, attaching, entering a netns.
 * The message names the step and, when there is one, the errno as {@code NAME (strerror)};
 * a failed program load appends the tail of the verifier log. Only set-up throws this: the
 * map and ring-buffer data path returns {@code -errno} instead.
 */
public final class BpfException extends Exception
{
    /** Positive errno of the failed call, 0 when none. */
    private final int errno;

    /**
     * A failure without an errno.
     *
     * @param message what failed.
     */
    public BpfException(final String message)
    {
        super(message);
        this.errno = 0;
    }

    /**
     * A failure with an errno, described after the message.
     *
     * @param message what failed.
     * @param errno   positive errno or {@code -errno}; libbpf's own codes (4000+) are understood.
     */
    public BpfException(final String message, final int errno)
    {
        super(message + ": " + describe(errno));
        this.errno = Math.abs(errno);
    }

    /**
     * A failure with an errno and the tail of a verifier log, appended after a newline.
     *
     * @param message    what failed.
     * @param errno      positive errno or {@code -errno}.
     * @param verifierLog last lines of the log; null or empty to add nothing.
     */
    public BpfException(final String message, final int errno, final String verifierLog)
    {
        super(message + ": " + describe(errno) +
            (null == verifierLog || verifierLog.isEmpty() ? "" : "\nverifier log (tail):\n" + verifierLog));
        this.errno = Math.abs(errno);
    }

    /**
     * A failure caused by another exception.
     *
     * @param message what failed.
     * @param cause   the underlying exception.
     */
    public BpfException(final String message, final Throwable cause)
    {
        super(message, cause);
        this.errno = cause instanceof BpfException bpf ? bpf.errno : 0;
    }

    /**
     * The errno of the failed call.
     *
     * @return a positive errno, or 0 when the failure had none.
     */
    public int errno()
    {
        return errno;
    }

    /**
     * Text for an errno: {@code "EPERM (Operation not permitted)"}, or libbpf's own text for its
     * 4000+ codes.
     *
     * @param errno positive errno or {@code -errno}.
     * @return the description.
     */
    public static String describe(final int errno)
    {
        final int value = Math.abs(errno);
        if (value >= Libbpf.LIBBPF_ERRNO_START && BpfSupport.isLibbpfLoaded())
        {
            try (Memory text = new Memory(256))
            {
                text.clear();
                Libbpf.libbpf_strerror(value, Pointer.nativeValue(text), text.size());
                return "libbpf error " + value + " (" + text.getString(0) + ")";
            }
        }
        final String name = Errno.name(value);
        String description;
        try
        {
            description = LibC.strerror(value);
        }
        catch (final LinkageError ex)
        {
            description = null;
        }
        return null == description ? name : name + " (" + description + ")";
    }
}
