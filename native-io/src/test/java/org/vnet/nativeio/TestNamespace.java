package org.vnet.nativeio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace made for one test class ({@code vt} + 4 hex digits), with IPv6 off so
 * that the kernel sends nothing unasked; {@link #close()} deletes it and everything in it.
 */
public final class TestNamespace implements AutoCloseable
{
    private static final long COMMAND_TIMEOUT_MS = 10_000;

    private final String name;
    private final int subnet;
    private int tapCounter;

    private TestNamespace(final String name, final int subnet)
    {
        this.name = name;
        this.subnet = subnet;
    }

    static TestNamespace create()
    {
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        final String name = String.format("vt%04x", random.nextInt(0x10000));
        final TestNamespace ns = new TestNamespace(name, random.nextInt(1, 255));
        run("ip", "netns", "add", name);
        try
        {
            run("ip", "netns", "exec", name, "sh", "-c",
                "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; " +
                "echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6");
        }
        catch (final RuntimeException ex)
        {
            ns.close();
            throw ex;
        }
        return ns;
    }

    String name()
    {
        return name;
    }

    String path()
    {
        return TapOptions.NETNS_DIR + name;
    }

    /** A TAP name unique within this namespace. */
    String nextTapName()
    {
        return name + "t" + (++tapCounter);
    }

    /** 10.199.subnet.host as an int. */
    int ip(final int host)
    {
        return (10 << 24) | (199 << 16) | (subnet << 8) | host;
    }

    String ipText(final int host)
    {
        return "10.199." + subnet + "." + host;
    }

    /** Runs {@code ip -n NAME args...}; fails on a non-zero exit. */
    String ip(final String... args)
    {
        return run(ipCommand(args));
    }

    /** Runs {@code ip -n NAME args...} and returns its exit status. */
    int ipStatus(final String... args)
    {
        return exec(ipCommand(args)).status;
    }

    private String[] ipCommand(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(List.of(args));
        return command.toArray(new String[0]);
    }

    @Override
    public void close()
    {
        exec("ip", "netns", "del", name);
    }

    /** Runs a command; its output, or an exception when it fails. */
    public static String run(final String... command)
    {
        final Result result = exec(command);
        if (0 != result.status)
        {
            throw new IllegalStateException(
                String.join(" ", command) + " exited with " + result.status + ": " + result.output);
        }
        return result.output;
    }

    /** Runs a command; its status and output. */
    public static Result exec(final String... command)
    {
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot run " + String.join(" ", command), ex);
        }
        try (InputStream out = process.getInputStream())
        {
            final String output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out");
            }
            return new Result(process.exitValue(), output);
        }
        catch (final IOException ex)
        {
            process.destroyForcibly();
            throw new IllegalStateException("cannot read output of " + String.join(" ", command), ex);
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), ex);
        }
    }

    /** Exit status and output of a command. */
    public static final class Result
    {
        final int status;
        final String output;

        Result(final int status, final String output)
        {
            this.status = status;
            this.output = output;
        }

        /** The exit status. */
        public int status()
        {
            return status;
        }

        /** Standard output and error, merged. */
        public String output()
        {
            return output;
        }
    }
}
