package org.vnet.nativeio.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The BPF filesystem where vnet pins its maps. {@code ip netns exec}, {@code ip -n} and
 * {@code tc -n} remount /sys in a private mount namespace, so pins made through them are not
 * seen here: pin from this process, entering only the network namespace ({@link Netns}).
 * Mounting needs CAP_SYS_ADMIN.
 */
public final class BpfFs
{
    /** {@code BPF_FS_MAGIC}: statfs {@code f_type} of a bpffs. */
    public static final long BPF_FS_MAGIC = 0xcafe4a11L;
    /** Where systemd and the tools mount bpffs. */
    public static final Path DEFAULT_ROOT = Path.of("/sys/fs/bpf");

    private static final Logger LOGGER = LoggerFactory.getLogger(BpfFs.class);

    private BpfFs()
    {
    }

    /**
     * Whether {@code p} lies on a bpffs.
     *
     * @param p an existing path.
     * @return true when statfs reports {@link #BPF_FS_MAGIC}; false when not, or when statfs fails.
     */
    public static boolean isBpfFs(final Path p)
    {
        try (Memory buf = new Memory(LibC.STATFS_LENGTH))
        {
            buf.clear();
            if (LibC.statfs(p.toString(), Pointer.nativeValue(buf)) < 0)
            {
                return false;
            }
            return BPF_FS_MAGIC == buf.getLong(LibC.STATFS_F_TYPE_OFFSET);
        }
    }

    /**
     * Makes {@code dir} an existing directory on a bpffs. If its nearest existing ancestor is on
     * bpffs the missing directories are created; else, for a path under {@code /sys/fs/bpf} when
     * that is not yet bpffs, bpffs is mounted on {@code /sys/fs/bpf} first; else {@code dir} is
     * created and a bpffs of its own is mounted on it.
     *
     * @param dir the wanted directory.
     * @return the absolute, normalised directory.
     * @throws BpfException when a directory cannot be made or mount fails (EPERM without CAP_SYS_ADMIN).
     */
    public static Path ensureDirectory(final Path dir) throws BpfException
    {
        final Path target = dir.toAbsolutePath().normalize();
        Path ancestor = target;
        while (null != ancestor && !Files.exists(ancestor, LinkOption.NOFOLLOW_LINKS))
        {
            ancestor = ancestor.getParent();
        }
        if (null != ancestor && isBpfFs(ancestor))
        {
            createDirectories(target);
            return target;
        }
        if (target.startsWith(DEFAULT_ROOT) && !isBpfFs(DEFAULT_ROOT))
        {
            mount(DEFAULT_ROOT);
            createDirectories(target);
            return target;
        }
        createDirectories(target);
        mount(target);
        return target;
    }

    /**
     * Removes the pinned files and the directories under {@code dir}, then {@code dir} itself,
     * bottom-up; a bpffs mounted on {@code dir} itself by {@link #ensureDirectory} is unmounted
     * (which drops its pins) and the directory removed.
     * Quiet when {@code dir} is gone; other failures are logged. Does nothing to a directory that is
     * not on bpffs, nor to {@code /sys/fs/bpf} itself.
     *
     * @param dir a pin directory.
     */
    public static void removeTree(final Path dir)
    {
        final Path target = dir.toAbsolutePath().normalize();
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        if (!isBpfFs(target))
        {
            LOGGER.warn("not removing {}: not on a bpffs", target);
            return;
        }
        if (DEFAULT_ROOT.equals(target))
        {
            LOGGER.warn("not removing {}: the system's bpffs root", target);
            return;
        }
        final boolean ownMount = null != target.getParent() && !isBpfFs(target.getParent());
        if (ownMount)
        {
            // a bpffs of its own: unmounting drops its pins (and the kernel's undeletable *.debug files)
            if (LibC.umount2(target.toString(), LibC.MNT_DETACH) < 0)
            {
                LOGGER.warn("cannot unmount the bpffs on {}: {}", target, BpfException.describe(LibC.errno()));
                return;
            }
            delete(target);
            return;
        }
        final List<Path> paths;
        try (Stream<Path> walk = Files.walk(target))
        {
            paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        }
        catch (final IOException | UncheckedIOException ex)
        {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS))
            {
                LOGGER.warn("cannot list {}: {}", target, ex.toString());
            }
            return;
        }
        for (final Path path : paths)
        {
            delete(path);
        }
    }

    /**
     * Removes {@code dir} when it is an empty plain directory inside a bpffs (not a mount of its own,
     * not the system's root): what {@link #ensureDirectory} made for pin folders that are all gone now.
     * Left as it is otherwise, e.g. while another daemon's pins are still in it.
     */
    public static void removeIfEmpty(final Path dir)
    {
        final Path target = dir.toAbsolutePath().normalize();
        final Path parent = target.getParent();
        if (DEFAULT_ROOT.equals(target) || null == parent || !isBpfFs(target) || !isBpfFs(parent))
        {
            return;
        }
        try
        {
            Files.deleteIfExists(target);
        }
        catch (final IOException ex)
        {
            LOGGER.debug("keeping {}: {}", target, ex.toString());
        }
    }

    private static void delete(final Path path)
    {
        try
        {
            Files.delete(path);
        }
        catch (final NoSuchFileException ex)
        {
            // gone already
        }
        catch (final IOException ex)
        {
            LOGGER.warn("cannot remove {}: {}", path, ex.toString());
        }
    }

    private static void createDirectories(final Path target) throws BpfException
    {
        try
        {
            Files.createDirectories(target);
        }
        catch (final IOException ex)
        {
            throw new BpfException("cannot create " + target + ": " + ex, ex);
        }
    }

    private static void mount(final Path target) throws BpfException
    {
        if (LibC.mount("bpf", target.toString(), "bpf", 0, 0) < 0)
        {
            final int errno = LibC.errno();
            throw new BpfException("cannot mount bpffs on " + target +
                (1 == errno ? " (needs CAP_SYS_ADMIN)" : ""), errno);
        }
        LOGGER.info("mounted bpffs on {}", target);
    }
}
