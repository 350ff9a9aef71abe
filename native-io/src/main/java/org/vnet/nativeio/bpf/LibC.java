package org.vnet.nativeio.bpf;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * JNA direct-mapped libc functions for the BPF binding: mmap of the ring buffer, statfs and
 * mount for bpffs, setns for {@link Netns}. Pointers and {@code size_t} are {@code long} (LP64),
 * so calls with no {@code String} argument allocate nothing; after a failed call,
 * {@link #errno()} reads the errno JNA saved for this thread.
 */
final class LibC
{
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;
    static final long MAP_FAILED = -1L;
    static final int CLONE_NEWNET = 0x40000000;
    static final int MNT_DETACH = 2;
    /** {@code sizeof(struct statfs)} on x86-64 is 120; {@code f_type} is the {@code long} at 0. */
    static final int STATFS_LENGTH = 120;
    static final int STATFS_F_TYPE_OFFSET = 0;

    static
    {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC()
    {
    }

    static native long mmap(long addr, long length, int prot, int flags, int fd, long offset);

    static native int munmap(long addr, long length);

    static native int getpagesize();

    static native int open(String path, int flags);

    static native int close(int fd);

    static native int setns(int fd, int nstype);

    static native int statfs(String path, long buf);

    static native int mount(String source, String target, String fstype, long flags, long data);

    static native int umount2(String target, int flags);

    static native int if_nametoindex(String name);

    static native String strerror(int errnum);

    static native int vsnprintf(long buf, long size, long format, long args);

    static int errno()
    {
        return Native.getLastError();
    }
}
