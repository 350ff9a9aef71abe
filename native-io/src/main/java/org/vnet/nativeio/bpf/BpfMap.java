package org.vnet.nativeio.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.vnet.nativeio.Errno;

import java.nio.file.Path;

/**
 * A BPF map accessed from user space by fd. Keys and values live in off-heap Agrona
 * {@link UnsafeBuffer}s (wrapping a direct buffer or raw memory) whose address goes straight to the
 * {@code bpf()} call: the data-path methods copy nothing, allocate nothing, never throw, and return
 * 0 or {@code -errno} ({@code -EINVAL} for a heap buffer or one too small for the key or value).
 *
 * <p>A per-CPU map's value buffer holds one slot per possible CPU: {@link #possibleCpus()} times
 * {@link #valueStride()} ({@code round_up(valueSize, 8)}) bytes, CPU {@code i} at {@code i * valueStride()}.
 *
 * <p>The fd is owned, and closed by {@link #close()}, only when the map was opened with
 * {@link #pinned}; a map built from another fd (e.g. {@link BpfObject#mapFd}) leaves it to its owner.
 * Map operations are safe from several threads (the kernel serialises them); {@link #close()} must not race them.
 */
public final class BpfMap implements AutoCloseable
{
    /** Update flag {@code BPF_ANY}: create or replace. */
    public static final long ANY = 0;
    /** Update flag {@code BPF_NOEXIST}: create only ({@code -EEXIST} if present). */
    public static final long NOEXIST = 1;
    /** Update flag {@code BPF_EXIST}: replace only ({@code -ENOENT} if absent). */
    public static final long EXIST = 2;

    private static final int POSSIBLE_CPUS = possibleCpusOrOne();

    private final int keySize;
    private final int valueSize;
    private final boolean perCpu;
    private final int valueStride;
    private final int valueLength;
    private final boolean owned;
    private final int type;
    private final int maxEntries;
    private int fd;

    /**
     * Wraps a map fd this object does not own.
     *
     * @param fd        the map's fd (e.g. {@link BpfObject#mapFd}).
     * @param keySize   key bytes, as in the map's definition.
     * @param valueSize value bytes of one CPU's value.
     * @param perCpu    whether the map is per-CPU.
     * @throws IllegalArgumentException when the kernel reports another key or value size or kind of map.
     */
    public BpfMap(final int fd, final int keySize, final int valueSize, final boolean perCpu)
    {
        this(fd, keySize, valueSize, perCpu, false);
    }

    private BpfMap(final int fd, final int keySize, final int valueSize, final boolean perCpu, final boolean owned)
    {
        if (keySize < 0 || valueSize < 0)
        {
            throw new IllegalArgumentException("negative key or value size");
        }
        final int[] info = info(fd);
        if (null == info)
        {
            throw new IllegalArgumentException("fd " + fd + " is not a BPF map");
        }
        this.type = info[0];
        this.maxEntries = info[3];
        if (info[1] != keySize || info[2] != valueSize || isPerCpu(type) != perCpu)
        {
            throw new IllegalArgumentException("map fd " + fd + " (type " + type + ", key " + info[1] + " B, value " +
                info[2] + " B) does not match the expected key " + keySize + " B, value " + valueSize + " B, " +
                (perCpu ? "per-CPU" : "shared"));
        }
        this.fd = fd;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.perCpu = perCpu;
        this.valueStride = perCpu ? (valueSize + 7) & ~7 : valueSize;
        this.valueLength = perCpu ? valueStride * POSSIBLE_CPUS : valueSize;
        this.owned = owned;
    }

    /**
     * Opens a pinned map ({@code bpf_obj_get}); the returned object owns the new fd.
     *
     * @param path      the pin, e.g. {@code <pinRoot>/vnet_flows}.
     * @param keySize   key bytes.
     * @param valueSize value bytes of one CPU's value.
     * @param perCpu    whether the map is per-CPU.
     * @return the map.
     * @throws BpfException when the pin is missing or not a map, or its sizes differ.
     */
    public static BpfMap pinned(final Path path, final int keySize, final int valueSize, final boolean perCpu)
        throws BpfException
    {
        final int fd = Libbpf.bpf_obj_get(path.toString());
        if (fd < 0)
        {
            throw new BpfException("cannot open pinned map " + path, fd);
        }
        try
        {
            return new BpfMap(fd, keySize, valueSize, perCpu, true);
        }
        catch (final IllegalArgumentException ex)
        {
            LibC.close(fd);
            throw new BpfException("pinned map " + path + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Creates an unpinned map ({@code bpf_map_create}) owned by the returned object, for tests and
     * scratch use.
     *
     * @param mapType    {@code BPF_MAP_TYPE_*}.
     * @param name       map name (15 characters at most).
     * @param keySize    key bytes.
     * @param valueSize  value bytes.
     * @param maxEntries capacity.
     * @return the map.
     * @throws BpfException when the kernel refuses.
     */
    static BpfMap create(final int mapType, final String name, final int keySize, final int valueSize,
        final int maxEntries) throws BpfException
    {
        final int fd = Libbpf.bpf_map_create(mapType, name, keySize, valueSize, maxEntries, 0);
        if (fd < 0)
        {
            throw new BpfException("cannot create map " + name, fd);
        }
        return new BpfMap(fd, keySize, valueSize, isPerCpu(mapType), true);
    }

    /**
     * Pins this map at {@code path} ({@code bpf_obj_pin}).
     *
     * @param path a new file on a bpffs.
     * @return 0, or {@code -errno} ({@code -EEXIST} when the path is taken).
     */
    public int pin(final Path path)
    {
        return Libbpf.bpf_obj_pin(fd, path.toString());
    }

    /**
     * Number of possible CPUs ({@code /sys/devices/system/cpu/possible}), which sizes per-CPU values.
     *
     * @return at least 1.
     */
    public static int possibleCpus()
    {
        return POSSIBLE_CPUS;
    }

    /**
     * The map's fd.
     *
     * @return the fd, -1 after an owning {@link #close()}.
     */
    public int fd()
    {
        return fd;
    }

    /**
     * Key size.
     *
     * @return bytes.
     */
    public int keySize()
    {
        return keySize;
    }

    /**
     * Value size of one CPU.
     *
     * @return bytes.
     */
    public int valueSize()
    {
        return valueSize;
    }

    /**
     * Whether values are per CPU.
     *
     * @return true for per-CPU maps.
     */
    public boolean perCpu()
    {
        return perCpu;
    }

    /**
     * Distance between two CPUs' values in a per-CPU value buffer.
     *
     * @return {@code round_up(valueSize, 8)} for a per-CPU map, {@code valueSize} otherwise.
     */
    public int valueStride()
    {
        return valueStride;
    }

    /**
     * Bytes a value buffer must hold.
     *
     * @return {@code possibleCpus() * valueStride()} for a per-CPU map, {@code valueSize} otherwise.
     */
    public int valueLength()
    {
        return valueLength;
    }

    /**
     * The kernel's map type.
     *
     * @return {@code BPF_MAP_TYPE_*}.
     */
    public int type()
    {
        return type;
    }

    /**
     * The map's capacity.
     *
     * @return {@code max_entries}.
     */
    public int maxEntries()
    {
        return maxEntries;
    }

    /**
     * Allocates an off-heap, 8-byte aligned buffer of {@code length} bytes for keys or values.
     *
     * @param length bytes.
     * @return a new buffer, zeroed.
     */
    public static UnsafeBuffer allocate(final int length)
    {
        return new UnsafeBuffer(BufferUtil.allocateDirectAligned(Math.max(8, (length + 7) & ~7), 8));
    }

    /**
     * Creates or replaces an entry ({@code bpf_map_update_elem}).
     *
     * @param key   {@link #keySize()} bytes from index 0.
     * @param value {@link #valueLength()} bytes from index 0.
     * @param flags {@link #ANY}, {@link #NOEXIST} or {@link #EXIST}.
     * @return 0, or {@code -errno} ({@code -E2BIG} when the map is full).
     */
    public int update(final UnsafeBuffer key, final UnsafeBuffer value, final long flags)
    {
        if (!fits(key, keySize) || !fits(value, valueLength))
        {
            return -Errno.EINVAL;
        }
        return Libbpf.bpf_map_update_elem(fd, key.addressOffset(), value.addressOffset(), flags);
    }

    /**
     * Reads an entry ({@code bpf_map_lookup_elem}).
     *
     * @param key   {@link #keySize()} bytes from index 0.
     * @param value receives {@link #valueLength()} bytes at index 0.
     * @return 0, or {@code -errno} ({@code -ENOENT} when absent).
     */
    public int lookup(final UnsafeBuffer key, final UnsafeBuffer value)
    {
        if (!fits(key, keySize) || !fits(value, valueLength))
        {
            return -Errno.EINVAL;
        }
        return Libbpf.bpf_map_lookup_elem(fd, key.addressOffset(), value.addressOffset());
    }

    /**
     * Deletes an entry ({@code bpf_map_delete_elem}).
     *
     * @param key {@link #keySize()} bytes from index 0.
     * @return 0, or {@code -errno} ({@code -ENOENT} when absent; {@code -EINVAL} for arrays).
     */
    public int delete(final UnsafeBuffer key)
    {
        if (!fits(key, keySize))
        {
            return -Errno.EINVAL;
        }
        return Libbpf.bpf_map_delete_elem(fd, key.addressOffset());
    }

    /**
     * The key after {@code key} in the kernel's iteration order ({@code bpf_map_get_next_key}).
     *
     * @param key  the current key, or null for the first key.
     * @param next receives the next key.
     * @return 0, or {@code -errno} ({@code -ENOENT} after the last key).
     */
    public int nextKey(final UnsafeBuffer key, final UnsafeBuffer next)
    {
        if ((null != key && !fits(key, keySize)) || !fits(next, keySize))
        {
            return -Errno.EINVAL;
        }
        return Libbpf.bpf_map_get_next_key(fd, null == key ? 0 : key.addressOffset(), next.addressOffset());
    }

    /**
     * Removes every entry: hash maps delete each key found by {@link #nextKey}; arrays, whose
     * entries cannot be deleted, have every value zeroed. Control-path only: allocates scratch
     * buffers. Entries the kernel adds meanwhile may survive.
     *
     * @return entries deleted (or zeroed), or {@code -errno} when the first operation failed.
     */
    public int clear()
    {
        final UnsafeBuffer key = allocate(keySize);
        if (isArray(type))
        {
            final UnsafeBuffer zero = allocate(valueLength);
            int count = 0;
            for (int i = 0; i < maxEntries; i++)
            {
                key.putInt(0, i);
                final int result = update(key, zero, ANY);
                if (result < 0)
                {
                    return 0 == count ? result : count;
                }
                count++;
            }
            return count;
        }

        final UnsafeBuffer next = allocate(keySize);
        int count = 0;
        int result = nextKey(null, key);
        for (long rounds = 2L * maxEntries + 16; 0 == result && rounds > 0; rounds--)
        {
            final int nextResult = nextKey(key, next);
            final int deleted = delete(key);
            if (0 == deleted)
            {
                count++;
            }
            else if (-Errno.ENOENT != deleted && 0 == count)
            {
                return deleted;
            }
            if (0 == nextResult)
            {
                key.putBytes(0, next, 0, keySize);
                result = 0;
            }
            else
            {
                // -ENOENT: that was the last key; otherwise start again from the first
                result = -Errno.ENOENT == nextResult ? nextResult : nextKey(null, key);
            }
        }
        return count;
    }

    /**
     * Closes the fd when this object owns it ({@link #pinned}); otherwise only forgets it. Idempotent.
     */
    @Override
    public void close()
    {
        final int toClose = fd;
        if (toClose >= 0)
        {
            fd = -1;
            if (owned)
            {
                LibC.close(toClose);
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "BpfMap{fd=" + fd + ", type=" + type + ", key=" + keySize + ", value=" + valueSize +
            (perCpu ? " x " + POSSIBLE_CPUS + " CPUs" : "") + ", maxEntries=" + maxEntries + '}';
    }

    private static boolean fits(final UnsafeBuffer buffer, final int length)
    {
        return null != buffer && null == buffer.byteArray() && buffer.capacity() >= length;
    }

    static boolean isPerCpu(final int mapType)
    {
        return Libbpf.BPF_MAP_TYPE_PERCPU_HASH == mapType || Libbpf.BPF_MAP_TYPE_PERCPU_ARRAY == mapType ||
            Libbpf.BPF_MAP_TYPE_LRU_PERCPU_HASH == mapType;
    }

    private static boolean isArray(final int mapType)
    {
        return Libbpf.BPF_MAP_TYPE_ARRAY == mapType || Libbpf.BPF_MAP_TYPE_PERCPU_ARRAY == mapType;
    }

    /**
     * Type, key size, value size and max entries of a map fd.
     *
     * @param fd a map fd.
     * @return the four values, or null when the fd is not a BPF map.
     */
    static int[] info(final int fd)
    {
        try (Memory info = new Memory(Libbpf.MAP_INFO_LENGTH); Memory length = new Memory(4))
        {
            info.clear();
            length.setInt(0, Libbpf.MAP_INFO_LENGTH);
            if (fd < 0 || Libbpf.bpf_obj_get_info_by_fd(fd, Pointer.nativeValue(info), Pointer.nativeValue(length)) < 0)
            {
                return null;
            }
            return new int[] {
                info.getInt(Libbpf.MAP_INFO_TYPE_OFFSET),
                info.getInt(Libbpf.MAP_INFO_KEY_SIZE_OFFSET),
                info.getInt(Libbpf.MAP_INFO_VALUE_SIZE_OFFSET),
                info.getInt(Libbpf.MAP_INFO_MAX_ENTRIES_OFFSET)};
        }
    }

    private static int possibleCpusOrOne()
    {
        try
        {
            return Math.max(1, Libbpf.libbpf_num_possible_cpus());
        }
        catch (final LinkageError ex)
        {
            return 1;
        }
    }
}
