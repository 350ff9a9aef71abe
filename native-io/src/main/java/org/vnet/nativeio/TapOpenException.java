package org.vnet.nativeio;

import java.io.IOException;

/**
 * A TAP device could not be opened; the message names the device, the netns, the step and
 * the errno, and {@link #errno()} and {@link #step()} let callers react (e.g. retry on EBUSY).
 */
public final class TapOpenException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final TapOpenStep step;

    /**
     * Creates the exception.
     *
     * @param message full message.
     * @param errno   positive errno.
     * @param step    the step that failed.
     */
    public TapOpenException(final String message, final int errno, final TapOpenStep step)
    {
        super(message);
        this.errno = errno;
        this.step = step;
    }

    /**
     * The errno of the failed step.
     *
     * @return positive errno.
     */
    public int errno()
    {
        return errno;
    }

    /**
     * The step that failed.
     *
     * @return the step.
     */
    public TapOpenStep step()
    {
        return step;
    }
}
