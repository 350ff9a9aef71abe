package org.vnet.nativeio.bpf;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vnet.testing.Privileged;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vnet.nativeio.bpf.DataPathMaps.VNET_STAT_TX_GROUP;
import static org.vnet.nativeio.bpf.DataPathMaps.VNET_STAT_TX_MISS;
import static org.vnet.nativeio.bpf.DataPathMaps.VNET_STAT_TX_NOT_PINNED;
import static org.vnet.nativeio.bpf.DataPathMaps.VNET_STAT_TX_STORM_BROADCAST;
import static org.vnet.nativeio.bpf.DataPathMaps.VNET_STAT_TX_STORM_MULTICAST;

/**
 * Port security and storm control of {@code vnet_tap_tx} ({@code vnet_guards}), run on crafted
 * frames with {@link ProgramTestRun}; the skb comes from lo (ifindex 1), guarded as a TAP.
 */
@Privileged
class GuardProgramTest
{
    private static final int TC_ACT_OK = 0;
    private static final int TC_ACT_SHOT = 2;
    private static final int LO = 1;
    private static final long VM_A = 0x02_00_00_00_00_0AL;
    private static final long VM_B = 0x02_00_00_00_00_0BL;
    private static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    private static final long MULTICAST = 0x01_00_5E_00_00_01L;

    private Path pinRoot;
    private BpfObject tx;
    private int txFd;
    private BpfMap guards;
    private BpfMap stats;
    private final UnsafeBuffer key = BpfMap.allocate(64);
    private final UnsafeBuffer value = BpfMap.allocate(DataPathMaps.GUARD_LENGTH);

    @BeforeEach
    void load() throws Exception
    {
        assumeTrue(BpfSupport.isAvailable(), BpfSupport.unavailabilityCause());
        pinRoot = BpfTests.newPinRoot();
        tx = BpfObject.load(BpfSupport.TAP_TX_RESOURCE, pinRoot);
        txFd = tx.programFd(DataPathMaps.TAP_TX_PROGRAM);
        guards = new BpfMap(tx.mapFd(DataPathMaps.VNET_GUARDS), 4, DataPathMaps.GUARD_LENGTH, false);
        stats = new BpfMap(tx.mapFd(DataPathMaps.VNET_STATS), DataPathMaps.STAT_KEY_LENGTH, DataPathMaps.STAT_LENGTH, true);
    }

    @AfterEach
    void unload()
    {
        if (null != tx)
        {
            tx.close();
        }
        if (null != pinRoot)
        {
            BpfFs.removeTree(pinRoot);
        }
    }

    private void putGuard(final long pinnedMac, final long broadcastRate, final long broadcastBurst,
        final long multicastRate, final long multicastBurst)
    {
        DataPathMaps.u32Key(key, LO);
        DataPathMaps.guard(value, pinnedMac, broadcastRate, broadcastBurst, multicastRate, multicastBurst);
        assertEquals(0, guards.update(key, value, BpfMap.ANY));
    }

    private int run(final long dst, final long src) throws BpfException
    {
        return ProgramTestRun.run(txFd, BpfTests.frame(dst, src, 60), LO, 0).retval();
    }

    private int passed(final long dst, final long src, final int frames) throws BpfException
    {
        int ok = 0;
        for (int i = 0; i < frames; i++)
        {
            ok += TC_ACT_OK == run(dst, src) ? 1 : 0;
        }
        return ok;
    }

    @Test
    void shouldDropFramesFromPinnedTapWithAnotherSourceMac() throws Exception
    {
        putGuard(VM_A, 0, 0, 0, 0);

        assertEquals(TC_ACT_SHOT, run(BROADCAST, VM_B));
        assertEquals(TC_ACT_SHOT, run(VM_A, VM_B));
        assertEquals(2, BpfTests.stat(stats, VNET_STAT_TX_NOT_PINNED));

        assertEquals(TC_ACT_OK, run(BROADCAST, VM_A));
        assertEquals(TC_ACT_OK, run(VM_B, VM_A));
        assertEquals(1, BpfTests.stat(stats, VNET_STAT_TX_GROUP));
        assertEquals(1, BpfTests.stat(stats, VNET_STAT_TX_MISS));
    }

    @Test
    void shouldPassAnySourceWhenNotPinned() throws Exception
    {
        putGuard(-1, 0, 0, 0, 0);

        assertEquals(TC_ACT_OK, run(BROADCAST, VM_B));
        assertEquals(0, BpfTests.stat(stats, VNET_STAT_TX_NOT_PINNED));
    }

    @Test
    void shouldDropBroadcastsOverTheRateAndKeepMulticastApart() throws Exception
    {
        putGuard(-1, 1, 5, 0, 0);

        assertEquals(5, passed(BROADCAST, VM_A, 50), "the burst, then 1 frame a second");
        assertEquals(45, BpfTests.stat(stats, VNET_STAT_TX_STORM_BROADCAST));
        assertEquals(50, passed(MULTICAST, VM_A, 50), "multicast has no limit");
        assertEquals(50, passed(VM_B, VM_A, 50), "unicast is not limited in the kernel");
    }

    @Test
    void shouldDropMulticastOverTheRateAndRefillWithTime() throws Exception
    {
        putGuard(-1, 0, 0, 1, 3);

        assertEquals(3, passed(MULTICAST, VM_A, 20));
        assertEquals(17, BpfTests.stat(stats, VNET_STAT_TX_STORM_MULTICAST));
        final long deadline = System.nanoTime() + 5_000_000_000L;
        int again = 0;
        while (0 == again && System.nanoTime() < deadline)
        {
            again = passed(MULTICAST, VM_A, 1);
        }
        assertEquals(1, again, "a token back within a second at 1/s");
        assertEquals(20, passed(BROADCAST, VM_A, 20));
    }
}
