package org.vnet.nativeio.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A BPF object file (a jar resource built by clang) opened and loaded into the kernel with libbpf.
 * Maps declared with {@code LIBBPF_PIN_BY_NAME} are pinned under the pin root as
 * {@code <pinRoot>/<map name>}; an existing pin is reused instead of creating the map, so a second
 * object or a restarted daemon shares the same maps. The program and map fds belong to this object
 * and are closed by {@link #close()}; pins and tc attachments (which hold their own references)
 * stay. Not thread-safe: load, look up fds, close, from one thread.
 *
 * <p>{@code struct bpf_object_open_opts} as libbpf 1.1.2 lays it out on x86-64 (80 bytes, checked
 * with offsetof against {@code /usr/include/bpf/libbpf.h}):
 * <pre>
 *   sz               size_t   @0
 *   object_name      char *   @8
 *   relaxed_maps     bool     @16
 *   pin_root_path    char *   @24
 *   (u32 stub, was attach_prog_fd) @32
 *   kconfig          char *   @40
 *   btf_custom_path  char *   @48
 *   kernel_log_buf   char *   @56
 *   kernel_log_size  size_t   @64
 *   kernel_log_level u32      @72
 *   (padding to 80)
 * </pre>
 * Log level 0 with a buffer makes libbpf load without a log and, only when a load fails, retry
 * with level 1 into the buffer (the kernel keeps the tail of an overlong log).
 */
public final class BpfObject implements AutoCloseable
{
    static final int OPEN_OPTS_LENGTH = 80;
    static final int OPEN_OPTS_SZ_OFFSET = 0;
    static final int OPEN_OPTS_OBJECT_NAME_OFFSET = 8;
    static final int OPEN_OPTS_RELAXED_MAPS_OFFSET = 16;
    static final int OPEN_OPTS_PIN_ROOT_PATH_OFFSET = 24;
    static final int OPEN_OPTS_KCONFIG_OFFSET = 40;
    static final int OPEN_OPTS_BTF_CUSTOM_PATH_OFFSET = 48;
    static final int OPEN_OPTS_KERNEL_LOG_BUF_OFFSET = 56;
    static final int OPEN_OPTS_KERNEL_LOG_SIZE_OFFSET = 64;
    static final int OPEN_OPTS_KERNEL_LOG_LEVEL_OFFSET = 72;

    /** Verifier log buffer used while loading (freed afterwards). */
    static final int LOG_BUFFER_LENGTH = 4 << 20;
    /** Lines of the verifier log kept in a load failure's message. */
    static final int LOG_TAIL_LINES = 10;

    private final String name;
    private final Path pinRoot;
    private Memory image;
    private long obj;

    private BpfObject(final String name, final Path pinRoot, final Memory image, final long obj)
    {
        this.name = name;
        this.pinRoot = pinRoot;
        this.image = image;
        this.obj = obj;
    }

    /**
     * Opens and loads an object file from the class path, pinning (or reusing) its pinned maps under
     * {@code pinRoot}.
     *
     * @param resource class-path resource such as {@link BpfSupport#TAP_TX_RESOURCE}.
     * @param pinRoot  directory on a bpffs ({@link BpfFs#ensureDirectory}); null = libbpf's default /sys/fs/bpf.
     * @return the loaded object.
     * @throws BpfException when the resource is missing, libbpf cannot parse it, a pinned map is
     *     incompatible, or the verifier rejects a program (with the tail of its log).
     */
    public static BpfObject load(final String resource, final Path pinRoot) throws BpfException
    {
        return load(resource, pinRoot, Map.of());
    }

    /**
     * As {@link #load(String, Path)}, first resizing maps (e.g. a flow map sized for the host).
     * A pinned map is only reused when its size matches.
     *
     * @param resource   class-path resource.
     * @param pinRoot    directory on a bpffs, or null.
     * @param maxEntries map name to {@code max_entries}; names not in the object fail.
     * @return the loaded object.
     * @throws BpfException as {@link #load(String, Path)}.
     */
    public static BpfObject load(final String resource, final Path pinRoot, final Map<String, Integer> maxEntries)
        throws BpfException
    {
        return load(resource, readResource(resource), pinRoot, maxEntries);
    }

    /**
     * Opens and loads an object file image.
     *
     * @param resource   where the image came from, for messages; names the object.
     * @param bytes      the ELF image.
     * @param pinRoot    directory on a bpffs, or null.
     * @param maxEntries map name to {@code max_entries}.
     * @return the loaded object.
     * @throws BpfException as {@link #load(String, Path)}.
     */
    static BpfObject load(final String resource, final byte[] bytes, final Path pinRoot,
        final Map<String, Integer> maxEntries) throws BpfException
    {
        final String name = objectName(resource);
        final Memory image = new Memory(bytes.length);
        image.write(0, bytes, 0, bytes.length);

        long obj = 0;
        try (Memory opts = new Memory(OPEN_OPTS_LENGTH);
            Memory objectName = cString(name);
            Memory pinRootPath = null == pinRoot ? null : cString(pinRoot.toString());
            Memory log = new Memory(LOG_BUFFER_LENGTH))
        {
            opts.clear();
            log.setByte(0, (byte)0);
            opts.setLong(OPEN_OPTS_SZ_OFFSET, OPEN_OPTS_LENGTH);
            opts.setLong(OPEN_OPTS_OBJECT_NAME_OFFSET, Pointer.nativeValue(objectName));
            opts.setLong(OPEN_OPTS_PIN_ROOT_PATH_OFFSET, null == pinRootPath ? 0 : Pointer.nativeValue(pinRootPath));
            opts.setLong(OPEN_OPTS_KERNEL_LOG_BUF_OFFSET, Pointer.nativeValue(log));
            opts.setLong(OPEN_OPTS_KERNEL_LOG_SIZE_OFFSET, LOG_BUFFER_LENGTH);
            opts.setInt(OPEN_OPTS_KERNEL_LOG_LEVEL_OFFSET, 0);

            obj = Libbpf.bpf_object__open_mem(Pointer.nativeValue(image), bytes.length, Pointer.nativeValue(opts));
            if (0 == obj)
            {
                throw new BpfException("cannot open BPF object " + resource, LibC.errno());
            }
            for (final Map.Entry<String, Integer> entry : maxEntries.entrySet())
            {
                final long map = Libbpf.bpf_object__find_map_by_name(obj, entry.getKey());
                if (0 == map)
                {
                    throw new BpfException("BPF object " + resource + " has no map " + entry.getKey());
                }
                final int result = Libbpf.bpf_map__set_max_entries(map, entry.getValue());
                if (result < 0)
                {
                    throw new BpfException("cannot resize map " + entry.getKey() + " of " + resource, result);
                }
            }
            final int result = Libbpf.bpf_object__load(obj);
            if (result < 0)
            {
                throw new BpfException("cannot load BPF object " + resource +
                    (null == pinRoot ? "" : " (pin root " + pinRoot + ")"), result, logTail(log));
            }
            final BpfObject loaded = new BpfObject(name, pinRoot, image, obj);
            obj = 0;
            return loaded;
        }
        finally
        {
            if (0 != obj)
            {
                Libbpf.bpf_object__close(obj);
                image.close();
            }
        }
    }

    /**
     * The fd of a loaded program, for {@link TcHook#attach} or {@link ProgramTestRun#run}; owned by
     * this object.
     *
     * @param programName the C function name, e.g. {@code vnet_tap_tx}.
     * @return the fd.
     * @throws IllegalArgumentException when the object has no such program (the message lists them).
     * @throws IllegalStateException    after {@link #close()}.
     */
    public int programFd(final String programName)
    {
        final long object = open();
        final long prog = Libbpf.bpf_object__find_program_by_name(object, programName);
        if (0 == prog)
        {
            final List<String> names = new ArrayList<>();
            for (long p = Libbpf.bpf_object__next_program(object, 0); 0 != p; p = Libbpf.bpf_object__next_program(object, p))
            {
                names.add(Libbpf.bpf_program__name(p));
            }
            throw new IllegalArgumentException("BPF object " + name + " has no program " + programName + "; it has " + names);
        }
        return Libbpf.bpf_program__fd(prog);
    }

    /**
     * The fd of one of the object's maps (the pinned map when it was reused); owned by this object.
     *
     * @param mapName the map's name, e.g. {@link DataPathMaps#VNET_FLOWS}.
     * @return the fd.
     * @throws IllegalArgumentException when the object has no such map (the message lists them).
     * @throws IllegalStateException    after {@link #close()}.
     */
    public int mapFd(final String mapName)
    {
        final long object = open();
        final long map = Libbpf.bpf_object__find_map_by_name(object, mapName);
        if (0 == map)
        {
            final List<String> names = new ArrayList<>();
            for (long m = Libbpf.bpf_object__next_map(object, 0); 0 != m; m = Libbpf.bpf_object__next_map(object, m))
            {
                names.add(Libbpf.bpf_map__name(m));
            }
            throw new IllegalArgumentException("BPF object " + name + " has no map " + mapName + "; it has " + names);
        }
        return Libbpf.bpf_map__fd(map);
    }

    /**
     * The object name (resource file name without {@code .o}).
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * The pin root given to {@link #load}.
     *
     * @return the directory, or null for libbpf's default.
     */
    public Path pinRoot()
    {
        return pinRoot;
    }

    /**
     * Closes the object's program and map fds ({@code bpf_object__close}); pinned maps and attached
     * programs stay in the kernel. Idempotent.
     */
    @Override
    public void close()
    {
        if (0 != obj)
        {
            Libbpf.bpf_object__close(obj);
            obj = 0;
            image.close();
            image = null;
        }
    }

    private long open()
    {
        if (0 == obj)
        {
            throw new IllegalStateException("BPF object " + name + " is closed");
        }
        return obj;
    }

    private static byte[] readResource(final String resource) throws BpfException
    {
        try (InputStream in = BpfObject.class.getResourceAsStream(resource))
        {
            if (null == in)
            {
                throw new BpfException("no BPF object " + resource + " on the class path (not built: clang was missing at build time?)");
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new BpfException("cannot read BPF object " + resource + ": " + ex, ex);
        }
    }

    static String objectName(final String resource)
    {
        final String file = resource.substring(resource.lastIndexOf('/') + 1);
        return file.endsWith(".o") ? file.substring(0, file.length() - 2) : file;
    }

    private static Memory cString(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final Memory memory = new Memory(bytes.length + 1L);
        memory.write(0, bytes, 0, bytes.length);
        memory.setByte(bytes.length, (byte)0);
        return memory;
    }

    /**
     * The last {@link #LOG_TAIL_LINES} non-empty lines of a NUL-terminated log.
     *
     * @param log the log buffer.
     * @return the lines joined with newlines, or "" when the log is empty.
     */
    static String logTail(final Memory log)
    {
        return tail(log.getString(0, StandardCharsets.UTF_8.name()), LOG_TAIL_LINES);
    }

    static String tail(final String text, final int lines)
    {
        final String[] all = text.split("\n");
        final List<String> kept = new ArrayList<>();
        for (int i = all.length - 1; i >= 0 && kept.size() < lines; i--)
        {
            if (!all[i].isBlank())
            {
                kept.add(0, all[i]);
            }
        }
        return String.join("\n", kept);
    }
}
