package org.vnet.forwarder.bpf;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Shared helpers of the BPF tests: scratch pin roots, external commands, frames.
 */
final class BpfTests
{
    private static final long COMMAND_TIMEOUT_MS = 10_000;

    private BpfTests()
    {
    }

    /** A fresh pin root {@code /sys/fs/bpf/vnet-test-XXXXXXXX} (bpffs mounted there if needed). */
    static Path newPinRoot() throws BpfException
    {
        final String name = String.format("vnet-test-%08x", ThreadLocalRandom.current().nextInt());
        return BpfFs.ensureDirectory(BpfFs.DEFAULT_ROOT.resolve(name));
    }

    /** A random name for a test network namespace ({@code vb} + 4 hex digits). */
    static String newNetnsName()
    {
        return String.format("vb%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    /**
     * An Ethernet frame: destination, source, EtherType 0x0800, then {@code length - 14} payload
     * bytes counting up from 0.
     */
    static byte[] frame(final long dstMac, final long srcMac, final int length)
    {
        final byte[] frame = new byte[length];
        for (int i = 0; i < 6; i++)
        {
            frame[i] = (byte)(dstMac >>> (40 - 8 * i));
            frame[6 + i] = (byte)(srcMac >>> (40 - 8 * i));
        }
        frame[12] = 0x08;
        frame[13] = 0x00;
        for (int i = 14; i < length; i++)
        {
            frame[i] = (byte)(i - 14);
        }
        return frame;
    }

    /** Reads one per-CPU u64 counter of {@code vnet_stats}, summed. */
    static long stat(final BpfMap stats, final int stat)
    {
        final UnsafeBuffer key = BpfMap.allocate(4);
        final UnsafeBuffer value = BpfMap.allocate(stats.valueLength());
        DataPathMaps.u32Key(key, stat);
        final int result = stats.lookup(key, value);
        if (0 != result)
        {
            throw new IllegalStateException("stat lookup failed: " + BpfException.describe(result));
        }
        return DataPathMaps.sum(value, stats.valueStride(), BpfMap.possibleCpus(), 0);
    }

    /** Runs a command; fails on a non-zero exit; returns its output (stdout and stderr). */
    static String run(final String... command)
    {
        final Result result = exec(command);
        if (0 != result.status())
        {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + result.status() + ": " +
                result.output());
        }
        return result.output();
    }

    /** Runs a command and returns its status and output. */
    static Result exec(final String... command)
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
    record Result(int status, String output)
    {
    }
}
