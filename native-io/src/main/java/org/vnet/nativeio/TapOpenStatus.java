package org.vnet.nativeio;

/**
 * What {@link TapIo#open(TapOptions, TapOpenStatus)} reports besides the fd: the kernel's
 * device name and MTU on success, the failed step on failure. Reusable; not thread-safe.
 */
public final class TapOpenStatus
{
    private String name = "";
    private int mtu;
    private TapOpenStep failedStep = TapOpenStep.NONE;

    /**
     * Clears the status before an open.
     *
     * @return this.
     */
    public TapOpenStatus reset()
    {
        name = "";
        mtu = 0;
        failedStep = TapOpenStep.NONE;
        return this;
    }

    /**
     * Device name assigned by the kernel (equal to the requested one unless that was empty).
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * Sets the device name.
     *
     * @param name the name.
     * @return this.
     */
    public TapOpenStatus name(final String name)
    {
        this.name = name;
        return this;
    }

    /**
     * MTU of the device after the open.
     *
     * @return the MTU.
     */
    public int mtu()
    {
        return mtu;
    }

    /**
     * Sets the MTU.
     *
     * @param mtu the MTU.
     * @return this.
     */
    public TapOpenStatus mtu(final int mtu)
    {
        this.mtu = mtu;
        return this;
    }

    /**
     * The step that failed, {@link TapOpenStep#NONE} after a successful open.
     *
     * @return the step.
     */
    public TapOpenStep failedStep()
    {
        return failedStep;
    }

    /**
     * Sets the failed step.
     *
     * @param failedStep the step.
     * @return this.
     */
    public TapOpenStatus failedStep(final TapOpenStep failedStep)
    {
        this.failedStep = failedStep;
        return this;
    }
}
