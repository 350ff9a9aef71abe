package org.vnet.nativeio;

/**
 * Linux errno values seen by TAP I/O and their symbolic names: the one place where a
 * {@code -errno} result becomes text.
 */
public final class Errno
{
    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such file or directory. */
    public static final int ENOENT = 2;
    /** Interrupted system call. */
    public static final int EINTR = 4;
    /** Input/output error. */
    public static final int EIO = 5;
    /** Bad file descriptor. */
    public static final int EBADF = 9;
    /** Resource temporarily unavailable: nothing to read on a non-blocking fd. */
    public static final int EAGAIN = 11;
    /** Cannot allocate memory. */
    public static final int ENOMEM = 12;
    /** Permission denied. */
    public static final int EACCES = 13;
    /** Bad address. */
    public static final int EFAULT = 14;
    /** Device or resource busy. */
    public static final int EBUSY = 16;
    /** File exists. */
    public static final int EEXIST = 17;
    /** No such device. */
    public static final int ENODEV = 19;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** Inappropriate ioctl for device. */
    public static final int ENOTTY = 25;
    /** No space left on device. */
    public static final int ENOSPC = 28;
    /** Function not implemented. */
    public static final int ENOSYS = 38;
    /** Message too long. */
    public static final int EMSGSIZE = 90;
    /** Address already in use. */
    public static final int EADDRINUSE = 98;
    /** Operation not supported. */
    public static final int EOPNOTSUPP = 95;

    private static final String[] NAMES = new String[134];
    private static final String[] DESCRIPTIONS = new String[134];

    static
    {
        define(EPERM, "EPERM", "Operation not permitted");
        define(ENOENT, "ENOENT", "No such file or directory");
        define(3, "ESRCH", "No such process");
        define(EINTR, "EINTR", "Interrupted system call");
        define(EIO, "EIO", "Input/output error");
        define(6, "ENXIO", "No such device or address");
        define(7, "E2BIG", "Argument list too long");
        define(EBADF, "EBADF", "Bad file descriptor");
        define(EAGAIN, "EAGAIN", "Resource temporarily unavailable");
        define(ENOMEM, "ENOMEM", "Cannot allocate memory");
        define(EACCES, "EACCES", "Permission denied");
        define(EFAULT, "EFAULT", "Bad address");
        define(EBUSY, "EBUSY", "Device or resource busy");
        define(EEXIST, "EEXIST", "File exists");
        define(ENODEV, "ENODEV", "No such device");
        define(20, "ENOTDIR", "Not a directory");
        define(EINVAL, "EINVAL", "Invalid argument");
        define(23, "ENFILE", "Too many open files in system");
        define(24, "EMFILE", "Too many open files");
        define(ENOTTY, "ENOTTY", "Inappropriate ioctl for device");
        define(ENOSPC, "ENOSPC", "No space left on device");
        define(30, "EROFS", "Read-only file system");
        define(34, "ERANGE", "Numerical result out of range");
        define(36, "ENAMETOOLONG", "File name too long");
        define(ENOSYS, "ENOSYS", "Function not implemented");
        define(EMSGSIZE, "EMSGSIZE", "Message too long");
        define(EOPNOTSUPP, "EOPNOTSUPP", "Operation not supported");
        define(EADDRINUSE, "EADDRINUSE", "Address already in use");
        define(99, "EADDRNOTAVAIL", "Cannot assign requested address");
        define(100, "ENETDOWN", "Network is down");
        define(105, "ENOBUFS", "No buffer space available");
    }

    private Errno()
    {
    }

    private static void define(final int errno, final String name, final String description)
    {
        NAMES[errno] = name;
        DESCRIPTIONS[errno] = description;
    }

    /**
     * Symbolic name of an errno value, such as {@code "EPERM"}.
     *
     * @param errno positive errno, or a negative {@code -errno} result.
     * @return the name, or {@code "errno N"} when it is not in the table.
     */
    public static String name(final int errno)
    {
        final int value = Math.abs(errno);
        return value < NAMES.length && null != NAMES[value] ? NAMES[value] : "errno " + value;
    }

    /**
     * Name and description, such as {@code "EPERM (Operation not permitted)"}.
     *
     * @param errno positive errno, or a negative {@code -errno} result.
     * @return text for an exception message.
     */
    public static String describe(final int errno)
    {
        final int value = Math.abs(errno);
        return value < DESCRIPTIONS.length && null != DESCRIPTIONS[value] ?
            NAMES[value] + " (" + DESCRIPTIONS[value] + ")" : name(value);
    }
}
