package org.vnet.nativeio;

/**
 * The steps of opening a TAP device, in order; a failed open names the step that failed.
 * Codes match {@code enum vnetfwd_open_step} in {@code vnetfwd.h}.
 */
public enum TapOpenStep
{
    /** Nothing failed. */
    NONE(0, "no step"),
    /** Open {@code /proc/thread-self/ns/net} to remember the caller's namespace. */
    SAVE_NETNS(1, "saving the caller's netns"),
    /** Open the target namespace file. */
    OPEN_NETNS(2, "opening the netns"),
    /** {@code setns(fd, CLONE_NEWNET)} into the target namespace. */
    ENTER_NETNS(3, "entering the netns (setns)"),
    /** Open {@code /dev/net/tun}. */
    OPEN_TUN(4, "opening /dev/net/tun"),
    /** {@code ioctl(TUNSETIFF)}: create or attach to the device. */
    TUNSETIFF(5, "TUNSETIFF"),
    /** Create the control socket inside the namespace. */
    SOCKET(6, "creating a control socket"),
    /** {@code ioctl(SIOCSIFMTU)}. */
    SET_MTU(7, "setting the MTU (SIOCSIFMTU)"),
    /** {@code ioctl(SIOCGIFMTU)}. */
    GET_MTU(8, "reading the MTU (SIOCGIFMTU)"),
    /** {@code ioctl(SIOCGIFFLAGS)}. */
    GET_FLAGS(9, "reading the flags (SIOCGIFFLAGS)"),
    /** {@code ioctl(SIOCSIFFLAGS)} to set {@code IFF_UP}. */
    SET_FLAGS(10, "bringing it up (SIOCSIFFLAGS)"),
    /** {@code setns} back into the caller's namespace; on failure the thread is left in the TAP's netns. */
    RESTORE_NETNS(11, "returning to the caller's netns (setns); this thread may be left in the TAP's netns"),
    /** {@code fcntl(F_SETFL, O_NONBLOCK)}. */
    NONBLOCK(12, "setting O_NONBLOCK");

    private static final TapOpenStep[] BY_CODE = values();

    private final int code;
    private final String description;

    TapOpenStep(final int code, final String description)
    {
        this.code = code;
        this.description = description;
    }

    /**
     * Code shared with the C library.
     *
     * @return the code.
     */
    public int code()
    {
        return code;
    }

    /**
     * What was being done, for messages.
     *
     * @return a short description.
     */
    public String description()
    {
        return description;
    }

    /**
     * Step for a code reported by the C library.
     *
     * @param code the code.
     * @return the step, or {@link #NONE} for an unknown code.
     */
    public static TapOpenStep fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : NONE;
    }
}
