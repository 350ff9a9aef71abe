package org.vnet.nativeio.bpf;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * JNA direct mapping of the libbpf 1.x functions vnet uses, from the system's {@code libbpf.so.1}.
 * Pointers and {@code size_t} are {@code long} (LP64): the map and test-run calls take raw
 * addresses and allocate nothing. libbpf 1.x returns {@code -errno} from the {@code bpf_*}
 * wrappers and NULL plus errno from the {@code bpf_object__open*} constructors.
 *
 * <p>Loading this class registers the natives and routes libbpf's messages to SLF4J
 * ({@link LibbpfLog}); if {@code libbpf.so.1} is missing the class fails
 * to initialise ({@link BpfSupport} turns that into an unavailability cause).
 */
final class Libbpf
{
    /** The shared library, by its soname. */
    static final String LIBRARY = "libbpf.so.1";

    static final int BPF_PROG_TYPE_SCHED_CLS = 3;
    static final int BPF_MAP_TYPE_HASH = 1;
    static final int BPF_MAP_TYPE_ARRAY = 2;
    static final int BPF_MAP_TYPE_PERCPU_HASH = 5;
    static final int BPF_MAP_TYPE_PERCPU_ARRAY = 6;
    static final int BPF_MAP_TYPE_LRU_HASH = 9;
    static final int BPF_MAP_TYPE_LRU_PERCPU_HASH = 10;
    static final int BPF_MAP_TYPE_RINGBUF = 27;

    /** Start of libbpf's own error codes ({@code LIBBPF_ERRNO__START}); libbpf_strerror explains them. */
    static final int LIBBPF_ERRNO_START = 4000;

    /**
     * {@code struct bpf_map_info} prefix read by {@link #mapInfo}: type@0, id@4, key_size@8,
     * value_size@12, max_entries@16, map_flags@20, name[16]@24; 40 bytes asked for (the kernel
     * copies min(asked, its size)).
     */
    static final int MAP_INFO_LENGTH = 40;
    static final int MAP_INFO_TYPE_OFFSET = 0;
    static final int MAP_INFO_KEY_SIZE_OFFSET = 8;
    static final int MAP_INFO_VALUE_SIZE_OFFSET = 12;
    static final int MAP_INFO_MAX_ENTRIES_OFFSET = 16;

    static
    {
        Native.register(Libbpf.class, NativeLibrary.getInstance(LIBRARY));
        libbpf_set_print(LibbpfLog.PRINT);
    }

    private Libbpf()
    {
    }

    // library and kernel probes

    static native Pointer libbpf_set_print(LibbpfLog.PrintFn fn);

    static native int libbpf_major_version();

    static native int libbpf_minor_version();

    static native int libbpf_num_possible_cpus();

    static native int libbpf_probe_bpf_prog_type(int progType, long opts);

    static native int libbpf_probe_bpf_map_type(int mapType, long opts);

    static native int libbpf_strerror(int err, long buf, long size);

    // objects

    static native long bpf_object__open_mem(long objBuf, long objBufSize, long opts);

    static native int bpf_object__load(long obj);

    static native void bpf_object__close(long obj);

    static native long bpf_object__find_program_by_name(long obj, String name);

    static native long bpf_object__next_program(long obj, long prev);

    static native String bpf_program__name(long prog);

    static native int bpf_program__fd(long prog);

    static native long bpf_object__find_map_by_name(long obj, String name);

    static native long bpf_object__next_map(long obj, long prev);

    static native String bpf_map__name(long map);

    static native int bpf_map__fd(long map);

    static native int bpf_map__set_max_entries(long map, int maxEntries);

    // maps and pins

    static native int bpf_map_create(int mapType, String name, int keySize, int valueSize, int maxEntries, long opts);

    static native int bpf_map_update_elem(int fd, long key, long value, long flags);

    static native int bpf_map_lookup_elem(int fd, long key, long value);

    static native int bpf_map_delete_elem(int fd, long key);

    static native int bpf_map_get_next_key(int fd, long key, long nextKey);

    static native int bpf_obj_get(String path);

    static native int bpf_obj_pin(int fd, String path);

    static native int bpf_obj_get_info_by_fd(int fd, long info, long infoLengthAddress);

    // programs and tc

    static native int bpf_prog_test_run_opts(int progFd, long opts);

    static native int bpf_tc_hook_create(long hook);

    static native int bpf_tc_attach(long hook, long opts);

    static native int bpf_tc_detach(long hook, long opts);

    static native int bpf_tc_query(long hook, long opts);
}
