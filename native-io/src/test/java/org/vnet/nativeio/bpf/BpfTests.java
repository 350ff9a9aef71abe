package org.vnet.nativeio.bpf;

import org.agrona.concurrent.UnsafeBuffer;
import org.vnet.nativeio.TestNamespace;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Shared helpers of the BPF tests: scratch pin roots, external commands, frames.
 */
final class BpfTests
{

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

    /** Runs a command; its output, or an exception when it fails. */
    static String run(final String... command)
    {
        return TestNamespace.run(command);
    }

    /** Runs a command; its status and output. */
    static TestNamespace.Result exec(final String... command)
    {
        return TestNamespace.exec(command);
    }
}
