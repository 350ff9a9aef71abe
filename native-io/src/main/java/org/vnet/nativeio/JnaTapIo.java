package org.vnet.nativeio;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;

/**
 * {@link TapIo} in pure Java over direct-mapped libc: the fallback when libvnetfwd.so is
 * missing or disabled. Same steps as the C library; batches loop in Java, one system call
 * per frame and one small {@code Pointer} per batch call (single-frame calls allocate nothing).
 *
 * <p>{@code struct ifreq} (40 bytes on x86-64) as built here:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |            ifr_name: 16 bytes, NUL-terminated  (0..15)        |
 *  +-------------------------------+-------------------------------+
 *  | ifr_flags (short) at 16       |                               |
 *  | ifr_mtu (int) at 16                                           |
 *  | ifr_hwaddr: sa_family (short) at 16, sa_data at 18 (MAC 18..23)|
 *  +---------------------------------------------------------------+
 *  |                 rest of the 24-byte union                     |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class JnaTapIo implements TapIo
{
    /** Size of {@code struct ifreq}. */
    static final int IFREQ_LENGTH = 40;
    /** Offset of {@code ifr_name}. */
    static final int IFR_NAME_OFFSET = 0;
    /** Offset of {@code ifr_flags} (a short). */
    static final int IFR_FLAGS_OFFSET = 16;
    /** Offset of {@code ifr_mtu} (an int). */
    static final int IFR_MTU_OFFSET = 16;
    /** Offset of the MAC in {@code ifr_hwaddr.sa_data}. */
    static final int IFR_HWADDR_DATA_OFFSET = 18;
    /** Where the caller's namespace is found. */
    static final String THREAD_NETNS_PATH = "/proc/thread-self/ns/net";

    private static final JnaTapIo INSTANCE = new JnaTapIo();

    private JnaTapIo()
    {
    }

    /**
     * The instance.
     *
     * @return the shared, stateless instance.
     */
    public static JnaTapIo instance()
    {
        return INSTANCE;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String implementationName()
    {
        return "jna";
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int open(final TapOptions options, final TapOpenStatus status)
    {
        status.reset().name(options.name());
        final String netnsPath = options.netnsPath();
        int original = -1;
        if (null != netnsPath)
        {
            original = LibC.open(THREAD_NETNS_PATH, LibC.O_RDONLY | LibC.O_CLOEXEC);
            if (original < 0)
            {
                return fail(status, TapOpenStep.SAVE_NETNS, LibC.errno());
            }
            final int target = LibC.open(netnsPath, LibC.O_RDONLY | LibC.O_CLOEXEC);
            if (target < 0)
            {
                final int errno = LibC.errno();
                LibC.close(original);
                return fail(status, TapOpenStep.OPEN_NETNS, errno);
            }
            if (LibC.setns(target, TunConstants.CLONE_NEWNET) < 0)
            {
                final int errno = LibC.errno();
                LibC.close(target);
                LibC.close(original);
                return fail(status, TapOpenStep.ENTER_NETNS, errno);
            }
            LibC.close(target);
        }

        final int fd;
        try (Memory ifr = new Memory(IFREQ_LENGTH))
        {
            fd = openInCurrentNetns(options, status, ifr);
        }

        if (original >= 0)
        {
            if (LibC.setns(original, TunConstants.CLONE_NEWNET) < 0)
            {
                final int errno = LibC.errno();
                LibC.close(original);
                if (fd >= 0)
                {
                    LibC.close(fd);
                }
                return fail(status, TapOpenStep.RESTORE_NETNS, errno);
            }
            LibC.close(original);
        }
        if (fd < 0)
        {
            return fd;
        }

        final int flags = LibC.fcntl(fd, LibC.F_GETFL, 0);
        if (flags < 0 || LibC.fcntl(fd, LibC.F_SETFL, flags | LibC.O_NONBLOCK) < 0)
        {
            final int errno = LibC.errno();
            LibC.close(fd);
            return fail(status, TapOpenStep.NONBLOCK, errno);
        }
        return fd;
    }

    private static int openInCurrentNetns(final TapOptions options, final TapOpenStatus status, final Memory ifr)
    {
        final int fd = LibC.open(TunConstants.TUN_DEVICE_PATH, LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            return fail(status, TapOpenStep.OPEN_TUN, LibC.errno());
        }

        final byte[] requested = options.name().getBytes(StandardCharsets.UTF_8);
        clear(ifr);
        ifr.write(IFR_NAME_OFFSET, requested, 0, Math.min(requested.length, TunConstants.IFNAMSIZ - 1));
        ifr.setShort(IFR_FLAGS_OFFSET, (short)options.tunFlags());
        if (LibC.ioctl(fd, TunConstants.TUNSETIFF, Pointer.nativeValue(ifr)) < 0)
        {
            final int errno = LibC.errno();
            LibC.close(fd);
            return fail(status, TapOpenStep.TUNSETIFF, errno);
        }
        final byte[] name = ifr.getByteArray(IFR_NAME_OFFSET, TunConstants.IFNAMSIZ);
        name[TunConstants.IFNAMSIZ - 1] = 0;
        status.name(ifr.getString(IFR_NAME_OFFSET, StandardCharsets.UTF_8.name()));

        final int sock = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (sock < 0)
        {
            final int errno = LibC.errno();
            LibC.close(fd);
            return fail(status, TapOpenStep.SOCKET, errno);
        }

        final TapOpenStep failed = configure(options, status, ifr, name, sock);
        final int errno = LibC.errno();
        LibC.close(sock);
        if (TapOpenStep.NONE != failed)
        {
            LibC.close(fd);
            return fail(status, failed, errno);
        }
        return fd;
    }

    private static TapOpenStep configure(
        final TapOptions options, final TapOpenStatus status, final Memory ifr, final byte[] name, final int sock)
    {
        final long ifrAddress = Pointer.nativeValue(ifr);
        if (options.mtu() > 0)
        {
            resetWithName(ifr, name);
            ifr.setInt(IFR_MTU_OFFSET, options.mtu());
            if (LibC.ioctl(sock, TunConstants.SIOCSIFMTU, ifrAddress) < 0)
            {
                return TapOpenStep.SET_MTU;
            }
        }

        resetWithName(ifr, name);
        if (LibC.ioctl(sock, TunConstants.SIOCGIFMTU, ifrAddress) < 0)
        {
            return TapOpenStep.GET_MTU;
        }
        status.mtu(ifr.getInt(IFR_MTU_OFFSET));

        if (options.up())
        {
            resetWithName(ifr, name);
            if (LibC.ioctl(sock, TunConstants.SIOCGIFFLAGS, ifrAddress) < 0)
            {
                return TapOpenStep.GET_FLAGS;
            }
            final short flags = ifr.getShort(IFR_FLAGS_OFFSET);
            if (0 == (flags & TunConstants.IFF_UP))
            {
                ifr.setShort(IFR_FLAGS_OFFSET, (short)(flags | TunConstants.IFF_UP));
                if (LibC.ioctl(sock, TunConstants.SIOCSIFFLAGS, ifrAddress) < 0)
                {
                    return TapOpenStep.SET_FLAGS;
                }
            }
        }
        return TapOpenStep.NONE;
    }

    private static void clear(final Memory ifr)
    {
        ifr.setMemory(0, IFREQ_LENGTH, (byte)0);
    }

    private static void resetWithName(final Memory ifr, final byte[] name)
    {
        clear(ifr);
        ifr.write(IFR_NAME_OFFSET, name, 0, name.length);
    }

    private static int fail(final TapOpenStatus status, final TapOpenStep step, final int errno)
    {
        status.failedStep(step);
        return -(0 == errno ? Errno.EIO : errno);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int read(final int fd, final long address, final int length)
    {
        final long result = LibC.read(fd, address, length);
        return result >= 0 ? (int)result : -LibC.errno();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int write(final int fd, final long address, final int length)
    {
        final long result = LibC.write(fd, address, length);
        return result >= 0 ? (int)result : -LibC.errno();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int readBatch(
        final int fd, final long address, final int slotSize, final int maxFrames, final long lengthsAddress)
    {
        final Pointer lengths = new Pointer(lengthsAddress);
        int count = 0;
        while (count < maxFrames)
        {
            final long result = LibC.read(fd, address + (long)count * slotSize, slotSize);
            if (result < 0)
            {
                final int errno = LibC.errno();
                if (Errno.EINTR == errno)
                {
                    continue;
                }
                if (count > 0 || Errno.EAGAIN == errno)
                {
                    break;
                }
                return -errno;
            }
            lengths.setInt((long)count * Integer.BYTES, (int)result);
            count++;
        }
        return count;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int writeBatch(
        final int fd, final long address, final int slotSize, final long lengthsAddress, final int count)
    {
        final Pointer lengths = new Pointer(lengthsAddress);
        int written = 0;
        while (written < count)
        {
            final int length = lengths.getInt((long)written * Integer.BYTES);
            final long result = LibC.write(fd, address + (long)written * slotSize, length);
            if (result < 0)
            {
                final int errno = LibC.errno();
                if (Errno.EINTR == errno)
                {
                    continue;
                }
                if (written > 0)
                {
                    break;
                }
                return -errno;
            }
            written++;
        }
        return written;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int setOffload(final int fd, final int flags)
    {
        return LibC.ioctl(fd, TunConstants.TUNSETOFFLOAD, flags & 0xFFFF_FFFFL) < 0 ? -LibC.errno() : 0;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int setVnetHeaderSize(final int fd, final int size)
    {
        try (Memory value = new Memory(Integer.BYTES))
        {
            value.setInt(0, size);
            return LibC.ioctl(fd, TunConstants.TUNSETVNETHDRSZ, Pointer.nativeValue(value)) < 0 ? -LibC.errno() : 0;
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long macAddress(final int fd)
    {
        try (Memory ifr = new Memory(IFREQ_LENGTH))
        {
            clear(ifr);
            if (LibC.ioctl(fd, TunConstants.SIOCGIFHWADDR, Pointer.nativeValue(ifr)) < 0)
            {
                return -LibC.errno();
            }
            long mac = 0;
            for (int i = 0; i < 6; i++)
            {
                mac = (mac << 8) | (ifr.getByte(IFR_HWADDR_DATA_OFFSET + i) & 0xFF);
            }
            return mac;
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int close(final int fd)
    {
        return LibC.close(fd) < 0 ? -LibC.errno() : 0;
    }
}
