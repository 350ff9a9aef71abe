package org.vnet.nativeio;

/**
 * JNA direct-mapped functions of libvnetfwd.so (see {@code src/main/c/vnetfwd.h}).
 * Registered by {@link NativeLibrary}; call only when {@link NativeLibrary#isAvailable()}.
 * Pointer parameters are {@code long} addresses (LP64).
 */
final class VnetFwd
{
    private VnetFwd()
    {
    }

    static native int vnetfwd_abi_version();

    static native int vnetfwd_tap_open(String netnsPath, byte[] name, int tunFlags, int mtu, int up, int[] out);

    static native int vnetfwd_read(int fd, long address, int length);

    static native int vnetfwd_write(int fd, long address, int length);

    static native int vnetfwd_read_batch(int fd, long address, int slotSize, int maxFrames, long lengthsAddress);

    static native int vnetfwd_write_batch(int fd, long address, int slotSize, long lengthsAddress, int count);

    static native int vnetfwd_set_offload(int fd, int flags);

    static native int vnetfwd_set_vnet_hdr_size(int fd, int size);

    static native long vnetfwd_mac_address(int fd);

    static native int vnetfwd_close(int fd);

    static native int vnetfwd_udp_open(long addr, int addrLen, int rcvbuf, int sndbuf, int gro, long out);

    static native int vnetfwd_udp_recv(int fd, long buf, int length, long src, long out);

    static native int vnetfwd_udp_send_batch(int fd, long descriptors, int count);
}
