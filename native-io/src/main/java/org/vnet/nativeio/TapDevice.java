package org.vnet.nativeio;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * An open, non-blocking TAP device: the fd plus what the kernel reported. Frame I/O never
 * throws and never allocates: it returns a length, 0 when nothing is queued (EAGAIN), or
 * {@code -errno}. Buffers must be direct; their address is looked up once per buffer, not
 * per call. One thread does I/O on a device; {@link #close()} must not race with it.
 * Closing a persistent TAP (made by {@code ip tuntap add}) leaves the device in place.
 */
public final class TapDevice implements AutoCloseable
{
    private static final Logger LOGGER = LoggerFactory.getLogger(TapDevice.class);

    private final TapIo io;
    private final String name;
    private final String netns;
    private final int mtu;
    private final long macAddress;
    private final boolean vnetHeader;
    private int fd;

    private final AddressCache readBuffer = new AddressCache();
    private final AddressCache writeBuffer = new AddressCache();
    private final AddressCache batchFrames = new AddressCache();
    private final AddressCache batchLengths = new AddressCache();

    private TapDevice(
        final TapIo io,
        final int fd,
        final String name,
        final String netns,
        final int mtu,
        final long macAddress,
        final boolean vnetHeader)
    {
        this.io = io;
        this.fd = fd;
        this.name = name;
        this.netns = netns;
        this.mtu = mtu;
        this.macAddress = macAddress;
        this.vnetHeader = vnetHeader;
    }

    /**
     * The implementation {@link #open(TapOptions)} uses: native when available, else JNA.
     *
     * @return the {@link TapIo}.
     */
    public static TapIo defaultIo()
    {
        return NativeLibrary.isAvailable() ? NativeTapIo.instance() : JnaTapIo.instance();
    }

    /**
     * Opens a TAP with libvnetfwd.so, or with the pure-JNA fallback when that is unavailable,
     * and logs which.
     *
     * @param options what to open; validated here.
     * @return the open device.
     * @throws TapOpenException         naming the device, netns, step and errno.
     * @throws IllegalArgumentException when the options are invalid.
     */
    public static TapDevice open(final TapOptions options) throws TapOpenException
    {
        final TapIo io = defaultIo();
        if (!NativeLibrary.isAvailable())
        {
            LOGGER.info("libvnetfwd unavailable, using pure-JNA TAP I/O: {}",
                String.valueOf(NativeLibrary.unavailabilityCause()));
        }
        return open(options, io);
    }

    /**
     * Opens a TAP with the given implementation.
     *
     * @param options what to open; validated here.
     * @param io      {@link NativeTapIo} or {@link JnaTapIo}.
     * @return the open device.
     * @throws TapOpenException         naming the device, netns, step and errno.
     * @throws IllegalArgumentException when the options are invalid.
     */
    public static TapDevice open(final TapOptions options, final TapIo io) throws TapOpenException
    {
        options.validate();
        final TapOpenStatus status = new TapOpenStatus();
        final int fd = io.open(options, status);
        if (fd < 0)
        {
            throw new TapOpenException(openFailure(options, -fd, status.failedStep(), io), -fd, status.failedStep());
        }

        final long mac = io.macAddress(fd);
        if (mac < 0)
        {
            io.close(fd);
            throw new TapOpenException(
                describe(options, status.name()) + ": reading the MAC address (SIOCGIFHWADDR) failed: " +
                Errno.describe((int)-mac) + " [" + io.implementationName() + "]",
                (int)-mac,
                TapOpenStep.NONE);
        }

        final TapDevice device =
            new TapDevice(io, fd, status.name(), options.netns(), status.mtu(), mac, options.vnetHeader());
        LOGGER.info("opened {} (fd {}, mtu {}, vnet header {}) with {} TAP I/O",
            describe(options, device.name), fd, device.mtu, options.vnetHeader(), io.implementationName());
        return device;
    }

    private static String openFailure(
        final TapOptions options, final int errno, final TapOpenStep step, final TapIo io)
    {
        final StringBuilder message = new StringBuilder("cannot open ").append(describe(options, options.name()))
            .append(": ").append(Errno.describe(errno)).append(" while ").append(step.description());
        if (TapOpenStep.OPEN_NETNS == step && Errno.ENOENT == errno)
        {
            message.append("; no such namespace (create it with 'ip netns add')");
        }
        else if (Errno.EPERM == errno || Errno.EACCES == errno)
        {
            message.append("; needs CAP_NET_ADMIN (and CAP_SYS_ADMIN for another netns)");
        }
        else if (TapOpenStep.TUNSETIFF == step && Errno.EBUSY == errno)
        {
            message.append("; the device is in use or exists with other flags (multi-queue must match)");
        }
        else if (TapOpenStep.TUNSETIFF == step && Errno.EINVAL == errno)
        {
            message.append("; an existing device with this name is not a TAP or its flags differ");
        }
        return message.append(" [").append(io.implementationName()).append(']').toString();
    }

    private static String describe(final TapOptions options, final String name)
    {
        final String shown = name.isEmpty() ? "(kernel-assigned name)" : name;
        return null == options.netnsPath() ? "TAP " + shown : "TAP " + shown + " in netns " + options.netnsPath();
    }

    /**
     * Address of a direct buffer's memory (position ignored).
     *
     * @param direct a direct buffer.
     * @return its base address.
     * @throws IllegalArgumentException when the buffer is not direct.
     */
    public static long addressOf(final ByteBuffer direct)
    {
        if (!direct.isDirect())
        {
            throw new IllegalArgumentException("buffer must be direct: " + direct);
        }
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    /**
     * Kernel name of the device.
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * Namespace as given in the options.
     *
     * @return the netns, or null for the caller's.
     */
    public String netns()
    {
        return netns;
    }

    /**
     * The non-blocking fd, for an epoll event loop; -1 after {@link #close()}.
     *
     * @return the fd.
     */
    public int fd()
    {
        return fd;
    }

    /**
     * MAC of the device (the kernel side of the TAP) at open time.
     *
     * @return the MAC in the low 48 bits.
     */
    public long macAddress()
    {
        return macAddress;
    }

    /**
     * MTU at open time.
     *
     * @return the MTU.
     */
    public int mtu()
    {
        return mtu;
    }

    /**
     * Whether frames carry a {@code virtio_net_hdr} prefix.
     *
     * @return true with {@code IFF_VNET_HDR}.
     */
    public boolean vnetHeader()
    {
        return vnetHeader;
    }

    /**
     * The implementation doing the system calls.
     *
     * @return the {@link TapIo}.
     */
    public TapIo io()
    {
        return io;
    }

    /**
     * Reads one frame into {@code direct} at {@code offset}.
     *
     * @param direct    a direct buffer; position and limit are ignored.
     * @param offset    where the frame starts.
     * @param maxLength room for the frame.
     * @return the frame length, 0 when nothing is queued, or {@code -errno}
     *     ({@code -EINVAL} for a heap buffer or bad bounds).
     */
    public int read(final ByteBuffer direct, final int offset, final int maxLength)
    {
        final long address = readBuffer.addressOf(direct, offset, maxLength);
        return 0 == address ? -Errno.EINVAL : read(address + offset, maxLength);
    }

    /**
     * Reads one frame at a raw address (e.g. an Agrona {@code UnsafeBuffer}'s).
     *
     * @param address   where the frame goes.
     * @param maxLength room at {@code address}.
     * @return the frame length, 0 when nothing is queued, or {@code -errno}.
     */
    public int read(final long address, final int maxLength)
    {
        final int result = io.read(fd, address, maxLength);
        return -Errno.EAGAIN == result ? 0 : result;
    }

    /**
     * Writes one frame from {@code direct} at {@code offset}.
     *
     * @param direct a direct buffer; position and limit are ignored.
     * @param offset where the frame starts.
     * @param length frame length (plus the vnet header when enabled).
     * @return bytes written, 0 if the device would block, or {@code -errno}
     *     ({@code -EINVAL} for a heap buffer or bad bounds).
     */
    public int write(final ByteBuffer direct, final int offset, final int length)
    {
        final long address = writeBuffer.addressOf(direct, offset, length);
        return 0 == address ? -Errno.EINVAL : write(address + offset, length);
    }

    /**
     * Writes one frame from a raw address.
     *
     * @param address the frame.
     * @param length  its length.
     * @return bytes written, 0 if the device would block, or {@code -errno}.
     */
    public int write(final long address, final int length)
    {
        final int result = io.write(fd, address, length);
        return -Errno.EAGAIN == result ? 0 : result;
    }

    /**
     * Reads up to {@code maxFrames} frames, stopping when the queue is empty. Frame {@code i}
     * lands at {@code i * slotSize} in {@code frames}; its length is the native-order int at
     * {@code i * 4} in {@code lengths} (use {@code lengths.order(ByteOrder.nativeOrder())}).
     *
     * @param frames    direct buffer of at least {@code slotSize * maxFrames} bytes.
     * @param slotSize  bytes per frame slot.
     * @param maxFrames most frames to read.
     * @param lengths   direct buffer of at least {@code 4 * maxFrames} bytes.
     * @return frames read (0 when none was queued), or {@code -errno}.
     */
    public int readBatch(final ByteBuffer frames, final int slotSize, final int maxFrames, final ByteBuffer lengths)
    {
        if (slotSize <= 0 || maxFrames <= 0 || maxFrames > Integer.MAX_VALUE / Math.max(slotSize, Integer.BYTES))
        {
            return -Errno.EINVAL;
        }
        final long framesAddress = batchFrames.addressOf(frames, 0, slotSize * maxFrames);
        final long lengthsAddress = batchLengths.addressOf(lengths, 0, Integer.BYTES * maxFrames);
        if (0 == framesAddress || 0 == lengthsAddress)
        {
            return -Errno.EINVAL;
        }
        return io.readBatch(fd, framesAddress, slotSize, maxFrames, lengthsAddress);
    }

    /**
     * Writes {@code count} frames laid out as in {@link #readBatch}.
     *
     * @param frames   direct buffer of at least {@code slotSize * count} bytes.
     * @param slotSize bytes per frame slot.
     * @param lengths  direct buffer with {@code count} native-order ints.
     * @param count    frames to write.
     * @return frames written, or {@code -errno} if the first write failed.
     */
    public int writeBatch(final ByteBuffer frames, final int slotSize, final ByteBuffer lengths, final int count)
    {
        if (slotSize <= 0 || count <= 0 || count > Integer.MAX_VALUE / Math.max(slotSize, Integer.BYTES))
        {
            return -Errno.EINVAL;
        }
        final long framesAddress = batchFrames.addressOf(frames, 0, slotSize * count);
        final long lengthsAddress = batchLengths.addressOf(lengths, 0, Integer.BYTES * count);
        if (0 == framesAddress || 0 == lengthsAddress)
        {
            return -Errno.EINVAL;
        }
        final int result = io.writeBatch(fd, framesAddress, slotSize, lengthsAddress, count);
        return -Errno.EAGAIN == result ? 0 : result;
    }

    /**
     * Switches offloads on or off ({@code TUNSETOFFLOAD}). Use them only with a vnet header: the
     * kernel then hands over partial-checksum and GSO frames described by that header.
     *
     * @param flags {@code TunConstants.TUN_F_*}.
     * @return 0, or {@code -errno}.
     */
    public int setOffload(final int flags)
    {
        return io.setOffload(fd, flags);
    }

    /**
     * Sets the vnet header length ({@code TUNSETVNETHDRSZ}), 10 by default.
     *
     * @param size 10 or 12.
     * @return 0, or {@code -errno}.
     */
    public int setVnetHeaderSize(final int size)
    {
        return io.setVnetHeaderSize(fd, size);
    }

    /**
     * Closes the fd once; later I/O returns {@code -EBADF}. A persistent device stays.
     */
    @Override
    public void close()
    {
        final int toClose = fd;
        if (toClose >= 0)
        {
            fd = -1;
            final int result = io.close(toClose);
            if (result < 0)
            {
                LOGGER.warn("closing TAP {} fd {} failed: {}", name, toClose, Errno.describe(result));
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "TapDevice{name=" + name + ", netns=" + netns + ", fd=" + fd + ", mtu=" + mtu + ", mac=0x" +
            Long.toHexString(macAddress) + ", io=" + io.implementationName() + '}';
    }

    /** Remembers the address of the last buffer seen, so a steady buffer costs no lookup. */
    private static final class AddressCache
    {
        private ByteBuffer buffer;
        private long address;

        /** Returns the base address, or 0 for a null or heap buffer or bounds outside it. */
        long addressOf(final ByteBuffer candidate, final int offset, final int length)
        {
            if (null == candidate)
            {
                return 0;
            }
            if (candidate != buffer)
            {
                if (!candidate.isDirect())
                {
                    return 0;
                }
                address = Pointer.nativeValue(Native.getDirectBufferPointer(candidate));
                buffer = candidate;
            }
            if (offset < 0 || length < 0 || offset > candidate.capacity() - length)
            {
                return 0;
            }
            return address;
        }
    }
}
