package org.vnet.nativeio;

import java.nio.charset.StandardCharsets;

/**
 * {@link TapIo} over libvnetfwd.so: the whole open sequence is one native call, and the
 * batch calls read or write many frames per JNI transition.
 */
public final class NativeTapIo implements TapIo
{
    private static final NativeTapIo INSTANCE = new NativeTapIo();

    private NativeTapIo()
    {
    }

    /**
     * The instance.
     *
     * @return the shared, stateless instance.
     * @throws UnsatisfiedLinkError when {@link NativeLibrary#isAvailable()} is false.
     */
    public static NativeTapIo instance()
    {
        NativeLibrary.ensureAvailability();
        return INSTANCE;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String implementationName()
    {
        return "native";
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int open(final TapOptions options, final TapOpenStatus status)
    {
        status.reset();
        final byte[] name = new byte[TunConstants.IFNAMSIZ];
        final byte[] requested = options.name().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(requested, 0, name, 0, Math.min(requested.length, TunConstants.IFNAMSIZ - 1));
        final int[] out = new int[2];

        final int result = VnetFwd.vnetfwd_tap_open(
            options.netnsPath(), name, options.tunFlags(), options.mtu(), options.up() ? 1 : 0, out);

        status.failedStep(TapOpenStep.fromCode(out[0])).mtu(out[1]);
        int length = 0;
        while (length < name.length && 0 != name[length])
        {
            length++;
        }
        status.name(result >= 0 ? new String(name, 0, length, StandardCharsets.UTF_8) : options.name());
        return result;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int read(final int fd, final long address, final int length)
    {
        return VnetFwd.vnetfwd_read(fd, address, length);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int write(final int fd, final long address, final int length)
    {
        return VnetFwd.vnetfwd_write(fd, address, length);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int readBatch(
        final int fd, final long address, final int slotSize, final int maxFrames, final long lengthsAddress)
    {
        return VnetFwd.vnetfwd_read_batch(fd, address, slotSize, maxFrames, lengthsAddress);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int writeBatch(
        final int fd, final long address, final int slotSize, final long lengthsAddress, final int count)
    {
        return VnetFwd.vnetfwd_write_batch(fd, address, slotSize, lengthsAddress, count);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int setOffload(final int fd, final int flags)
    {
        return VnetFwd.vnetfwd_set_offload(fd, flags);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int setVnetHeaderSize(final int fd, final int size)
    {
        return VnetFwd.vnetfwd_set_vnet_hdr_size(fd, size);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long macAddress(final int fd)
    {
        return VnetFwd.vnetfwd_mac_address(fd);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int close(final int fd)
    {
        return VnetFwd.vnetfwd_close(fd);
    }
}
