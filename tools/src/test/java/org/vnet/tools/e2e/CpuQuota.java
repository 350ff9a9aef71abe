package org.vnet.tools.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cgroup v1 {@code cpu} group with a CFS quota, for slowing one process (one "VM") down. The cpu hierarchy is
 * reached through a bind mount under /tmp made here, because {@code ip netns exec} remounts /sys; processes are
 * moved from the root namespace, where their PIDs are visible. {@link #close()} moves what is left back to the
 * root group, removes the group, unmounts and deletes the mount point, whatever happened before.
 */
final class CpuQuota implements AutoCloseable {
    static final Path CPU_HIERARCHY = Path.of("/sys/fs/cgroup/cpu");

    private final Path mountPoint;
    private final Path group;
    private final long quotaMicros;
    private final long periodMicros;
    private boolean mounted;

    private CpuQuota(final Path mountPoint, final String name, final long quotaMicros, final long periodMicros) {
        this.mountPoint = mountPoint;
        this.group = mountPoint.resolve(name);
        this.quotaMicros = quotaMicros;
        this.periodMicros = periodMicros;
    }

    /** "1500/20000 us (7.5 %)": the quota, the period and the share of one CPU. */
    String describe() {
        return String.format(Locale.ROOT, "%d/%d us (%.1f %%)", quotaMicros, periodMicros,
            100.0 * quotaMicros / periodMicros);
    }

    /** Whether the cgroup v1 cpu controller with CFS quotas is there. */
    static boolean available() {
        return Files.isRegularFile(CPU_HIERARCHY.resolve("cpu.cfs_quota_us"));
    }

    /**
     * Creates group {@code name} allowed {@code quotaMicros} of CPU time per {@code periodMicros}.
     *
     * @throws IllegalStateException if any step fails (after undoing the steps that worked).
     */
    static CpuQuota create(final String name, final long quotaMicros, final long periodMicros) {
        final Path dir;
        try {
            dir = Files.createTempDirectory("vt-cg-");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final CpuQuota quota = new CpuQuota(dir, name, quotaMicros, periodMicros);
        try {
            final Testbed.Result r = Testbed.run(10, List.of("mount", "--bind", CPU_HIERARCHY.toString(),
                dir.toString()));
            if (!r.ok()) {
                throw new IllegalStateException("bind mount of " + CPU_HIERARCHY + " failed: " + r);
            }
            quota.mounted = true;
            Files.createDirectory(quota.group);
            Files.writeString(quota.group.resolve("cpu.cfs_period_us"), Long.toString(periodMicros));
            Files.writeString(quota.group.resolve("cpu.cfs_quota_us"), Long.toString(quotaMicros));
            return quota;
        } catch (final IOException | RuntimeException e) {
            quota.close();
            throw new IllegalStateException("cannot create cpu cgroup " + name + ": " + e, e);
        }
    }

    /** Moves process {@code pid} (all its threads) and its descendants into the group. */
    void move(final long pid) {
        final List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        for (final long p : pids) {
            try {
                Files.writeString(group.resolve("cgroup.procs"), Long.toString(p));
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot move " + p + " into " + group, e);
            }
        }
    }

    /** "throttled in 82 of 299 periods" from the group's {@code cpu.stat}, or why not. */
    String stat() {
        try {
            long periods = -1;
            long throttled = -1;
            for (final String line : Files.readAllLines(group.resolve("cpu.stat"))) {
                final String[] f = line.trim().split("\\s+");
                if (f.length == 2 && "nr_periods".equals(f[0])) {
                    periods = Long.parseLong(f[1]);
                } else if (f.length == 2 && "nr_throttled".equals(f[0])) {
                    throttled = Long.parseLong(f[1]);
                }
            }
            return "throttled in " + throttled + " of " + periods + " periods";
        } catch (final IOException | NumberFormatException e) {
            return "(no cpu.stat: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (mounted && Files.isDirectory(group)) {
            try {
                for (final String p : Files.readAllLines(group.resolve("cgroup.procs"))) {
                    if (!p.isBlank()) {
                        try {
                            Files.writeString(mountPoint.resolve("cgroup.procs"), p.trim());
                        } catch (final IOException e) {
                            System.err.println("cannot move " + p + " back to the root cpu group: " + e);
                        }
                    }
                }
                Files.delete(group);
            } catch (final IOException e) {
                System.err.println("cannot remove cpu cgroup " + group + ": " + e);
            }
        }
        if (mounted) {
            final Testbed.Result r = Testbed.run(10, List.of("umount", mountPoint.toString()));
            if (r.ok()) {
                mounted = false;
            } else {
                System.err.println("umount " + mountPoint + ": " + r);
            }
        }
        if (!mounted) {
            try {
                Files.deleteIfExists(mountPoint);
            } catch (final IOException e) {
                System.err.println("cannot delete " + mountPoint + ": " + e);
            }
        }
    }
}
