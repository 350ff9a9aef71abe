package org.vnet.nativeio;

/**
 * System calls behind a {@link TapDevice}: {@link NativeTapIo} (libvnetfwd.so) or
 * {@link JnaTapIo} (libc through JNA). Every method returns a non-negative result or
 * {@code -errno} and never throws; {@link #read} and {@link #write} never allocate (the batch
 * calls allocate nothing natively, one small object per call in {@link JnaTapIo}). Addresses
 * are raw native addresses of direct memory.
 */
public interface TapIo
{
    /**
     * Short name for logs: {@code "native"} or {@code "jna"}.
     *
     * @return the name.
     */
    String implementationName();

    /**
     * Opens the TAP described by {@code options}: enter its netns, open {@code /dev/net/tun},
     * {@code TUNSETIFF}, set the MTU, bring it up, return to the caller's netns, set
     * {@code O_NONBLOCK}.
     *
     * @param options validated options.
     * @param status  filled with the device name and MTU, or the failed step.
     * @return the fd, or {@code -errno}.
     */
    int open(TapOptions options, TapOpenStatus status);

    /**
     * Reads one frame.
     *
     * @param fd      the TAP fd.
     * @param address where to put the frame.
     * @param length  room at {@code address}.
     * @return the frame length, or {@code -errno} ({@code -EAGAIN} when nothing is queued).
     */
    int read(int fd, long address, int length);

    /**
     * Writes one frame.
     *
     * @param fd      the TAP fd.
     * @param address the frame.
     * @param length  the frame length.
     * @return bytes written, or {@code -errno}.
     */
    int write(int fd, long address, int length);

    /**
     * Reads up to {@code maxFrames} frames until the queue is empty; frame {@code i} lands at
     * {@code address + i * slotSize}, its length as a native-order int at
     * {@code lengthsAddress + 4 * i}.
     *
     * @param fd             the TAP fd.
     * @param address        start of the slots.
     * @param slotSize       bytes per slot.
     * @param maxFrames      number of slots.
     * @param lengthsAddress {@code maxFrames} ints.
     * @return frames read (0 when none was queued), or {@code -errno} if the first read failed.
     */
    int readBatch(int fd, long address, int slotSize, int maxFrames, long lengthsAddress);

    /**
     * Writes {@code count} frames from slots laid out as in {@link #readBatch}.
     *
     * @param fd             the TAP fd.
     * @param address        start of the slots.
     * @param slotSize       bytes per slot.
     * @param lengthsAddress {@code count} native-order ints.
     * @param count          frames to write.
     * @return frames written, or {@code -errno} if the first write failed.
     */
    int writeBatch(int fd, long address, int slotSize, long lengthsAddress, int count);

    /**
     * {@code TUNSETOFFLOAD}.
     *
     * @param fd    the TAP fd.
     * @param flags {@code TUN_F_*} flags; unknown bits give {@code -EINVAL}.
     * @return 0, or {@code -errno}.
     */
    int setOffload(int fd, int flags);

    /**
     * {@code TUNSETVNETHDRSZ}.
     *
     * @param fd   the TAP fd.
     * @param size header length, 10 or 12.
     * @return 0, or {@code -errno}.
     */
    int setVnetHeaderSize(int fd, int size);

    /**
     * {@code SIOCGIFHWADDR} on the TAP fd.
     *
     * @param fd the TAP fd.
     * @return the MAC as a 48-bit big-endian value, or {@code -errno}.
     */
    long macAddress(int fd);

    /**
     * Closes the fd; a persistent device stays, a non-persistent one goes with its last fd.
     *
     * @param fd the TAP fd.
     * @return 0, or {@code -errno}.
     */
    int close(int fd);
}
