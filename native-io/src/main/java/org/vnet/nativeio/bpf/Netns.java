package org.vnet.nativeio.bpf;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs a task inside a network namespace. Only the network namespace is entered
 * ({@code setns(CLONE_NEWNET)}, no mount namespace, so bpffs pins stay visible), on a fresh thread
 * that is discarded afterwards: whatever the task opens there (such as libbpf's netlink socket for
 * tc) belongs to that namespace, and no pooled thread is left in a foreign one. Needs CAP_SYS_ADMIN.
 */
public final class Netns
{
    /** Directory where {@code ip netns add NAME} puts its namespace files. */
    public static final String NETNS_DIR = "/var/run/netns/";

    private Netns()
    {
    }

    /**
     * Runs {@code task} in {@code netns} and returns its result; the caller blocks until it is done.
     *
     * @param netns a name under {@value #NETNS_DIR}, an absolute namespace file path, or null to run
     *              the task directly on the caller's thread.
     * @param task  the work.
     * @param <T>   result type.
     * @return what the task returned.
     * @throws BpfException when the namespace cannot be opened or entered.
     * @throws Exception    whatever the task threw, unwrapped.
     */
    public static <T> T call(final String netns, final Callable<T> task) throws Exception
    {
        if (null == netns)
        {
            return task.call();
        }
        final String path = path(netns);
        final FutureTask<T> future = new FutureTask<>(() ->
        {
            enter(path);
            return task.call();
        });
        final Thread thread = new Thread(future, "vnet-netns-" + netns.substring(netns.lastIndexOf('/') + 1));
        thread.setDaemon(true);
        thread.start();
        try
        {
            return future.get();
        }
        catch (final ExecutionException ex)
        {
            final Throwable cause = ex.getCause();
            if (cause instanceof Exception exception)
            {
                throw exception;
            }
            if (cause instanceof Error error)
            {
                throw error;
            }
            throw ex;
        }
    }

    /**
     * The namespace file for a name or path.
     *
     * @param netns a name or an absolute path.
     * @return {@value #NETNS_DIR}{@code netns}, or the path as given.
     */
    public static String path(final String netns)
    {
        return netns.indexOf('/') >= 0 ? netns : NETNS_DIR + netns;
    }

    private static void enter(final String path) throws BpfException
    {
        final int fd = LibC.open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            final int errno = LibC.errno();
            throw new BpfException("cannot open netns " + path +
                (2 == errno ? " (create it with 'ip netns add')" : ""), errno);
        }
        try
        {
            if (LibC.setns(fd, LibC.CLONE_NEWNET) < 0)
            {
                final int errno = LibC.errno();
                throw new BpfException("cannot enter netns " + path + (1 == errno ? " (needs CAP_SYS_ADMIN)" : ""), errno);
            }
        }
        finally
        {
            LibC.close(fd);
        }
    }
}
