package org.vnet.nativeio;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * JNA direct-mapped libc functions for {@link JnaTapIo} (and {@link UdpSocket#localPort()}). Pointers and {@code size_t} are
 * {@code long} (LP64), so no call allocates; after a failed call, {@link #errno()} reads
 * the errno JNA saved for this thread.
 */
final class LibC
{
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int AF_INET = 2;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;

    static
    {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC()
    {
    }

    static native int open(String path, int flags);

    static native int close(int fd);

    static native long read(int fd, long buf, long count);

    static native long write(int fd, long buf, long count);

    static native int ioctl(int fd, long request, long arg);

    static native int fcntl(int fd, int cmd, long arg);

    static native int setns(int fd, int nstype);

    static native int socket(int domain, int type, int protocol);

    static native int getsockname(int fd, long addr, long addrlen);

    static int errno()
    {
        return Native.getLastError();
    }
}
