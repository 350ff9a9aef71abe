package org.vnet.nativeio.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.nativeio.Errno;

import java.util.concurrent.Callable;

/**
 * Attaches BPF programs to a device's tc ingress or egress hook through a {@code clsact} qdisc
 * (libbpf 1.1 has no tcx). A filter is named by its handle and priority: attaching again with
 * the same pair replaces the program atomically ({@code BPF_TC_F_REPLACE}), so an upgrade never
 * leaves the hook empty. The tc filter holds its own reference to the program, so the loading
 * {@link BpfObject} may be closed afterwards. Needs CAP_NET_ADMIN (and CAP_SYS_ADMIN for another netns).
 *
 * <p>libbpf structs on x86-64 (checked with offsetof against {@code /usr/include/bpf/libbpf.h}):
 * {@code bpf_tc_hook} 24 B (sz@0 size_t, ifindex@8, attach_point@12: INGRESS 1 / EGRESS 2, parent@16);
 * {@code bpf_tc_opts} 32 B (sz@0 size_t, prog_fd@8, flags@12: REPLACE 1, prog_id@16, handle@20, priority@24).
 */
public final class TcHook
{
    static final int HOOK_LENGTH = 24;
    static final int HOOK_SZ_OFFSET = 0;
    static final int HOOK_IFINDEX_OFFSET = 8;
    static final int HOOK_ATTACH_POINT_OFFSET = 12;
    static final int OPTS_LENGTH = 32;
    static final int OPTS_SZ_OFFSET = 0;
    static final int OPTS_PROG_FD_OFFSET = 8;
    static final int OPTS_FLAGS_OFFSET = 12;
    static final int OPTS_PROG_ID_OFFSET = 16;
    static final int OPTS_HANDLE_OFFSET = 20;
    static final int OPTS_PRIORITY_OFFSET = 24;
    static final int BPF_TC_INGRESS = 1;
    static final int BPF_TC_EGRESS = 2;
    static final int BPF_TC_F_REPLACE = 1;

    private static final Logger LOGGER = LoggerFactory.getLogger(TcHook.class);

    private TcHook()
    {
    }

    /**
     * The ifindex of a device ({@code if_nametoindex}) in a namespace.
     *
     * @param netns  namespace name or path, null for the caller's.
     * @param ifname device name.
     * @return the ifindex.
     * @throws BpfException when the device or the namespace does not exist.
     */
    public static int ifindex(final String netns, final String ifname) throws BpfException
    {
        final int[] errno = new int[1];
        final int index = callIn(netns, "looking up " + ifname, () ->
        {
            final int result = LibC.if_nametoindex(ifname);
            errno[0] = LibC.errno();
            return result;
        });
        if (0 == index)
        {
            throw new BpfException("no device " + ifname + where(netns), errno[0]);
        }
        return index;
    }

    /**
     * Creates the device's clsact qdisc if missing and attaches (or atomically replaces) the
     * direct-action filter {@code handle}/{@code priority} running {@code progFd}.
     *
     * @param netns    namespace name or path, null for the caller's.
     * @param ifindex  the device, in that namespace.
     * @param egress   true for the egress hook, false for ingress.
     * @param progFd   a SCHED_CLS program fd.
     * @param handle   filter handle, not 0.
     * @param priority filter priority, 1 to 65535.
     * @throws BpfException when the qdisc or the filter cannot be set up.
     */
    public static void attach(final String netns, final int ifindex, final boolean egress, final int progFd,
        final int handle, final int priority) throws BpfException
    {
        if (0 == handle || priority < 1 || priority > 0xFFFF)
        {
            throw new IllegalArgumentException("handle must be non-zero and priority 1..65535: " + handle + "/" + priority);
        }
        final String what = (egress ? "egress" : "ingress") + " of ifindex " + ifindex + where(netns);
        final String[] kernelError = new String[1];
        final int result = callIn(netns, "attaching to " + what, () ->
        {
            LibbpfLog.takeKernelError();
            try (Memory hook = hook(ifindex, egress); Memory opts = opts(progFd, BPF_TC_F_REPLACE, handle, priority))
            {
                int status = Libbpf.bpf_tc_hook_create(Pointer.nativeValue(hook));
                if (status >= 0 || -Errno.EEXIST == status)
                {
                    LibbpfLog.takeKernelError();
                    status = Libbpf.bpf_tc_attach(Pointer.nativeValue(hook), Pointer.nativeValue(opts));
                }
                kernelError[0] = LibbpfLog.takeKernelError();
                return status;
            }
        });
        if (result < 0)
        {
            throw new BpfException("cannot attach BPF program fd " + progFd + " to " + what +
                (null == kernelError[0] ? "" : " (kernel: " + kernelError[0] + ")"), result);
        }
    }

    /**
     * Removes the filter {@code handle}/{@code priority}; the clsact qdisc stays.
     *
     * @param netns    namespace name or path, null for the caller's.
     * @param ifindex  the device, in that namespace.
     * @param egress   true for the egress hook.
     * @param handle   filter handle.
     * @param priority filter priority.
     * @return true when a filter was removed; false when there was none (other failures are logged).
     */
    public static boolean detach(final String netns, final int ifindex, final boolean egress, final int handle,
        final int priority)
    {
        final String what = (egress ? "egress" : "ingress") + " of ifindex " + ifindex + where(netns);
        try
        {
            final int result = callIn(netns, "detaching from " + what, () ->
            {
                try (Memory hook = hook(ifindex, egress); Memory opts = opts(0, 0, handle, priority))
                {
                    return Libbpf.bpf_tc_detach(Pointer.nativeValue(hook), Pointer.nativeValue(opts));
                }
            });
            if (0 == result)
            {
                return true;
            }
            if (-Errno.ENOENT != result && -Errno.EINVAL != result && -Errno.ENODEV != result)
            {
                LOGGER.warn("detaching filter {}:{} from {} failed: {}", handle, priority, what, BpfException.describe(result));
            }
            return false;
        }
        catch (final BpfException ex)
        {
            LOGGER.warn("detaching filter {}:{} from {} failed: {}", handle, priority, what, ex.getMessage());
            return false;
        }
    }

    /**
     * The id of the program attached as {@code handle}/{@code priority} ({@code bpf_tc_query}).
     *
     * @param netns    namespace name or path, null for the caller's.
     * @param ifindex  the device, in that namespace.
     * @param egress   true for the egress hook.
     * @param handle   filter handle.
     * @param priority filter priority.
     * @return the program id, or {@code -errno} when there is no such filter ({@code -ENOENT}, or
     *     {@code -EINVAL} when the hook has no filter at all or no clsact qdisc).
     * @throws BpfException when the namespace cannot be entered.
     */
    public static int query(final String netns, final int ifindex, final boolean egress, final int handle,
        final int priority) throws BpfException
    {
        return callIn(netns, "querying ifindex " + ifindex, () ->
        {
            try (Memory hook = hook(ifindex, egress); Memory opts = opts(0, 0, handle, priority))
            {
                final int result = Libbpf.bpf_tc_query(Pointer.nativeValue(hook), Pointer.nativeValue(opts));
                return result < 0 ? result : opts.getInt(OPTS_PROG_ID_OFFSET);
            }
        });
    }

    private static Memory hook(final int ifindex, final boolean egress)
    {
        final Memory hook = new Memory(HOOK_LENGTH);
        hook.clear();
        hook.setLong(HOOK_SZ_OFFSET, HOOK_LENGTH);
        hook.setInt(HOOK_IFINDEX_OFFSET, ifindex);
        hook.setInt(HOOK_ATTACH_POINT_OFFSET, egress ? BPF_TC_EGRESS : BPF_TC_INGRESS);
        return hook;
    }

    private static Memory opts(final int progFd, final int flags, final int handle, final int priority)
    {
        final Memory opts = new Memory(OPTS_LENGTH);
        opts.clear();
        opts.setLong(OPTS_SZ_OFFSET, OPTS_LENGTH);
        opts.setInt(OPTS_PROG_FD_OFFSET, progFd);
        opts.setInt(OPTS_FLAGS_OFFSET, flags);
        opts.setInt(OPTS_HANDLE_OFFSET, handle);
        opts.setInt(OPTS_PRIORITY_OFFSET, priority);
        return opts;
    }

    private static String where(final String netns)
    {
        return null == netns ? "" : " in netns " + netns;
    }

    private static int callIn(final String netns, final String what, final Callable<Integer> task)
        throws BpfException
    {
        try
        {
            return Netns.call(netns, task);
        }
        catch (final BpfException ex)
        {
            throw ex;
        }
        catch (final Exception ex)
        {
            throw new BpfException(what + where(netns) + " failed: " + ex, ex);
        }
    }
}
