package org.vnet.nativeio.bpf;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vnet.testing.Privileged;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vnet.nativeio.bpf.DataPathMaps.COUNTS_BYTES_OFFSET;
import static org.vnet.nativeio.bpf.DataPathMaps.COUNTS_LENGTH;
import static org.vnet.nativeio.bpf.DataPathMaps.COUNTS_PACKETS_OFFSET;
import static org.vnet.nativeio.bpf.DataPathMaps.VNET_STAT_EVENTS;
import static org.vnet.nativeio.bpf.DataPathMaps.VNET_STAT_EVENTS_DROPPED;
import static org.vnet.nativeio.bpf.DataPathMaps.VNET_STAT_RX_NO_TUNNEL;
import static org.vnet.nativeio.bpf.DataPathMaps.VNET_STAT_TX_GROUP;
import static org.vnet.nativeio.bpf.DataPathMaps.VNET_STAT_TX_HIT;
import static org.vnet.nativeio.bpf.DataPathMaps.VNET_STAT_TX_HOLDOFF;
import static org.vnet.nativeio.bpf.DataPathMaps.VNET_STAT_TX_MISS;
import static org.vnet.nativeio.bpf.DataPathMaps.VNET_STAT_TX_OVERSIZE;

/**
 * The real {@code vnet_tap_tx} and {@code vnet_vxlan_rx} programs, loaded from the build's objects
 * into a scratch pin root and run on crafted frames with {@link ProgramTestRun}: the skb comes from
 * lo (ifindex 1), which the tests register in {@code vnet_ifaces} as a TAP.
 */
@Privileged
class DataPathProgramTest
{
    private static final int TC_ACT_OK = 0;
    private static final int TC_ACT_SHOT = 2;
    private static final int TC_ACT_REDIRECT = 7;
    private static final int LO = 1;
    private static final int TAP_PORT = 3;
    private static final int LINK_PORT = 9;
    private static final int VXLAN_IFINDEX = 1;
    private static final long VM_A = 0x02_00_00_00_00_0AL;
    private static final long VM_B = 0x02_00_00_00_00_0BL;

    private Path pinRoot;
    private BpfObject tx;
    private BpfObject rx;
    private int txFd;
    private BpfMap ifaces;
    private BpfMap flows;
    private BpfMap stats;
    private BpfMap ports;
    private BpfMap pairs;
    private final UnsafeBuffer key = BpfMap.allocate(64);
    private final UnsafeBuffer value = BpfMap.allocate(64);

    @BeforeEach
    void load() throws Exception
    {
        assumeTrue(BpfSupport.isAvailable(), BpfSupport.unavailabilityCause());
        pinRoot = BpfTests.newPinRoot();
        tx = BpfObject.load(BpfSupport.TAP_TX_RESOURCE, pinRoot);
        rx = BpfObject.load(BpfSupport.VXLAN_RX_RESOURCE, pinRoot);
        txFd = tx.programFd(DataPathMaps.TAP_TX_PROGRAM);
        ifaces = new BpfMap(tx.mapFd(DataPathMaps.VNET_IFACES), DataPathMaps.IFACE_KEY_LENGTH, DataPathMaps.IFACE_LENGTH, false);
        flows = new BpfMap(tx.mapFd(DataPathMaps.VNET_FLOWS), DataPathMaps.FLOW_KEY_LENGTH, DataPathMaps.FLOW_LENGTH, false);
        stats = new BpfMap(tx.mapFd(DataPathMaps.VNET_STATS), DataPathMaps.STAT_KEY_LENGTH, DataPathMaps.STAT_LENGTH, true);
        ports = new BpfMap(tx.mapFd(DataPathMaps.VNET_PORTS), DataPathMaps.PORT_KEY_LENGTH, COUNTS_LENGTH, true);
        pairs = new BpfMap(tx.mapFd(DataPathMaps.VNET_PAIRS), DataPathMaps.PAIR_KEY_LENGTH, COUNTS_LENGTH, true);
    }

    @AfterEach
    void unload()
    {
        if (null != tx)
        {
            tx.close();
        }
        if (null != rx)
        {
            rx.close();
        }
        if (null != pinRoot)
        {
            BpfFs.removeTree(pinRoot);
        }
    }

    private void putIface(final int ifindex, final int port, final int peerIfindex, final int mtu, final int flags)
    {
        DataPathMaps.u32Key(key, ifindex);
        DataPathMaps.iface(value, port, peerIfindex, mtu, flags);
        assertEquals(0, ifaces.update(key, value, BpfMap.ANY));
    }

    private void putFlow(final long src, final long dst, final long activeNs) throws Exception
    {
        DataPathMaps.flowKey(key, LO, src, dst);
        DataPathMaps.flow(value, InetAddress.getByName("192.0.2.7"), 42, LINK_PORT, 0, activeNs);
        assertEquals(0, flows.update(key, value, BpfMap.ANY));
    }

    private long stat(final int stat)
    {
        return BpfTests.stat(stats, stat);
    }

    private long portCount(final int port, final int direction, final int field)
    {
        DataPathMaps.u32Key(key, DataPathMaps.portIndex(port, direction));
        final UnsafeBuffer counts = BpfMap.allocate(ports.valueLength());
        assertEquals(0, ports.lookup(key, counts));
        return DataPathMaps.sum(counts, ports.valueStride(), BpfMap.possibleCpus(), field);
    }

    private long pairCount(final long src, final long dst, final int port, final int field)
    {
        DataPathMaps.pairKey(key, src, dst, port);
        final UnsafeBuffer counts = BpfMap.allocate(pairs.valueLength());
        final int result = pairs.lookup(key, counts);
        return 0 == result ? DataPathMaps.sum(counts, pairs.valueStride(), BpfMap.possibleCpus(), field) : result;
    }

    private RingBufferReader events() throws BpfException
    {
        return new RingBufferReader(tx.mapFd(DataPathMaps.VNET_EVENTS), DataPathMaps.EVENTS_BYTES);
    }

    @Test
    void shouldPassBroadcastToSlowPath() throws Exception
    {
        putIface(LO, TAP_PORT, VXLAN_IFINDEX, 1500, DataPathMaps.VNET_IF_EVENTS);

        final ProgramTestRun.Result result = ProgramTestRun.run(txFd, BpfTests.frame(0xFFFFFFFFFFFFL, VM_A, 60), LO, 0);

        assertEquals(TC_ACT_OK, result.retval());
        assertEquals(1, stat(VNET_STAT_TX_GROUP));
        assertEquals(0, stat(VNET_STAT_TX_HIT));
    }

    @Test
    void shouldPassUnicastMissToSlowPath() throws Exception
    {
        putIface(LO, TAP_PORT, VXLAN_IFINDEX, 1500, DataPathMaps.VNET_IF_EVENTS);
        putFlow(VM_A, VM_B, 0);

        final byte[] frame = BpfTests.frame(VM_A, VM_B, 60);
        final ProgramTestRun.Result result = ProgramTestRun.run(txFd, frame, LO, 0);

        assertEquals(TC_ACT_OK, result.retval(), "flow is for the other direction");
        assertEquals(1, stat(VNET_STAT_TX_MISS));
        assertArrayEquals(frame, result.dataOut());
    }

    @Test
    void shouldRedirectHitAndCountPacketsBytesPairAndEvent() throws Exception
    {
        putIface(LO, TAP_PORT, VXLAN_IFINDEX, 1500, DataPathMaps.VNET_IF_EVENTS);
        putFlow(VM_A, VM_B, 0);
        final byte[] frame = BpfTests.frame(VM_B, VM_A, 200);

        try (RingBufferReader events = events())
        {
            final ProgramTestRun.Result result = ProgramTestRun.run(txFd, frame, LO, 0);

            assertEquals(TC_ACT_REDIRECT, result.retval());
            assertEquals(1, stat(VNET_STAT_TX_HIT));
            assertEquals(1, portCount(TAP_PORT, DataPathMaps.VNET_DIR_IN, COUNTS_PACKETS_OFFSET));
            assertEquals(200, portCount(TAP_PORT, DataPathMaps.VNET_DIR_IN, COUNTS_BYTES_OFFSET));
            assertEquals(1, portCount(LINK_PORT, DataPathMaps.VNET_DIR_OUT, COUNTS_PACKETS_OFFSET));
            assertEquals(1, pairCount(VM_A, VM_B, TAP_PORT, COUNTS_PACKETS_OFFSET));
            assertEquals(200, pairCount(VM_A, VM_B, TAP_PORT, COUNTS_BYTES_OFFSET));

            final List<byte[]> records = new ArrayList<>();
            assertEquals(1, events.poll((buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                records.add(copy);
            }, 10));
            final UnsafeBuffer event = new UnsafeBuffer(records.get(0));
            assertEquals(DataPathMaps.EVENT_LENGTH, records.get(0).length);
            assertEquals(TAP_PORT, DataPathMaps.eventPort(event, 0));
            assertEquals(DataPathMaps.VNET_EVENT_TX, DataPathMaps.eventDirection(event, 0));
            assertEquals(200, DataPathMaps.eventLength(event, 0));
            assertEquals(1, DataPathMaps.eventSegments(event, 0));
            assertEquals(DataPathMaps.EVENT_CAPTURE, DataPathMaps.eventCaptureLength(event, 0));
            assertArrayEquals(Arrays.copyOf(frame, DataPathMaps.EVENT_CAPTURE),
                Arrays.copyOfRange(records.get(0), DataPathMaps.EVENT_DATA_OFFSET, DataPathMaps.EVENT_LENGTH));
            assertTrue(DataPathMaps.eventTimestampNs(event, 0) > 0);
            assertEquals(1, stat(VNET_STAT_EVENTS));
            assertEquals(0, events.pending());
        }
    }

    @Test
    void shouldCountGsoSuperFrameAsItsSegments() throws Exception
    {
        putIface(LO, TAP_PORT, VXLAN_IFINDEX, 1500, DataPathMaps.VNET_IF_EVENTS);
        putFlow(VM_A, VM_B, 0);

        try (RingBufferReader events = events())
        {
            final ProgramTestRun.Result result = ProgramTestRun.run(txFd, BpfTests.frame(VM_B, VM_A, 100), LO, 40);

            assertEquals(TC_ACT_REDIRECT, result.retval());
            assertEquals(40, portCount(TAP_PORT, DataPathMaps.VNET_DIR_IN, COUNTS_PACKETS_OFFSET));
            assertEquals(100, portCount(TAP_PORT, DataPathMaps.VNET_DIR_IN, COUNTS_BYTES_OFFSET));
            assertEquals(40, pairCount(VM_A, VM_B, TAP_PORT, COUNTS_PACKETS_OFFSET));
            final int[] segments = new int[1];
            assertEquals(1, events.poll((buffer, offset, length) -> segments[0] = DataPathMaps.eventSegments(buffer, offset), 10));
            assertEquals(40, segments[0]);
        }
    }

    @Test
    void shouldHoldOffFlowNotActiveYet() throws Exception
    {
        putIface(LO, TAP_PORT, VXLAN_IFINDEX, 1500, DataPathMaps.VNET_IF_EVENTS);
        putFlow(VM_A, VM_B, System.nanoTime() + 3_600_000_000_000L);

        assertEquals(TC_ACT_OK, ProgramTestRun.run(txFd, BpfTests.frame(VM_B, VM_A, 60), LO, 0).retval());
        assertEquals(1, stat(VNET_STAT_TX_HOLDOFF));
        assertEquals(0, stat(VNET_STAT_TX_HIT));

        putFlow(VM_A, VM_B, System.nanoTime());
        assertEquals(TC_ACT_REDIRECT, ProgramTestRun.run(txFd, BpfTests.frame(VM_B, VM_A, 60), LO, 0).retval(),
            "CLOCK_MONOTONIC of System.nanoTime() is the programs' clock");
    }

    @Test
    void shouldDropOversizeNonGsoFrame() throws Exception
    {
        putIface(LO, TAP_PORT, VXLAN_IFINDEX, 100, 0);
        putFlow(VM_A, VM_B, 0);

        assertEquals(TC_ACT_REDIRECT, ProgramTestRun.run(txFd, BpfTests.frame(VM_B, VM_A, 114), LO, 0).retval());
        assertEquals(TC_ACT_SHOT, ProgramTestRun.run(txFd, BpfTests.frame(VM_B, VM_A, 115), LO, 0).retval());
        assertEquals(1, stat(VNET_STAT_TX_OVERSIZE));
        assertEquals(TC_ACT_REDIRECT, ProgramTestRun.run(txFd, BpfTests.frame(VM_B, VM_A, 1000), LO, 10).retval(),
            "a GSO frame is segmented later");
    }

    @Test
    void shouldEmitNoEventWhenEventsAreOff() throws Exception
    {
        putIface(LO, TAP_PORT, VXLAN_IFINDEX, 1500, 0);
        putFlow(VM_A, VM_B, 0);

        try (RingBufferReader events = events())
        {
            assertEquals(TC_ACT_REDIRECT, ProgramTestRun.run(txFd, BpfTests.frame(VM_B, VM_A, 60), LO, 0).retval());

            assertEquals(0, events.pending());
            assertEquals(0, events.poll((buffer, offset, length) -> { }, 10));
            assertEquals(0, stat(VNET_STAT_EVENTS));
            assertEquals(1, stat(VNET_STAT_TX_HIT));
        }
    }

    @Test
    void shouldCountDroppedEventsWhenRingIsFullAndRecoverOnceDrained() throws Exception
    {
        putIface(LO, TAP_PORT, VXLAN_IFINDEX, 1500, DataPathMaps.VNET_IF_EVENTS);
        putFlow(VM_A, VM_B, 0);
        final byte[] frame = BpfTests.frame(VM_B, VM_A, 60);
        final int capacity = DataPathMaps.EVENTS_BYTES / (RingBufferReader.HEADER_LENGTH + DataPathMaps.EVENT_LENGTH);

        int runs = 0;
        while (0 == stat(VNET_STAT_EVENTS_DROPPED) && runs < capacity + 1_000)
        {
            for (int i = 0; i < 1_000; i++)
            {
                assertEquals(TC_ACT_REDIRECT, ProgramTestRun.run(txFd, frame, LO, 0).retval());
            }
            runs += 1_000;
        }

        final long written = stat(VNET_STAT_EVENTS);
        final long dropped = stat(VNET_STAT_EVENTS_DROPPED);
        assertTrue(dropped > 0, "no drop after " + runs + " runs");
        assertEquals(runs, written + dropped);
        assertEquals(runs, stat(VNET_STAT_TX_HIT), "a full ring never costs the frame");
        try (RingBufferReader events = events())
        {
            final long[] total = new long[1];
            int polled;
            while ((polled = events.poll((buffer, offset, length) -> total[0]++, 4096)) > 0)
            {
                assertTrue(polled <= 4096);
            }
            assertEquals(written, total[0]);

            ProgramTestRun.run(txFd, frame, LO, 0);
            assertEquals(1, events.poll((buffer, offset, length) -> { }, 10));
            assertEquals(dropped, stat(VNET_STAT_EVENTS_DROPPED));
        }
    }

    @Test
    void shouldDropReceivedFrameWithoutTunnelMetadata() throws Exception
    {
        final int rxFd = rx.programFd(DataPathMaps.VXLAN_RX_PROGRAM);
        final byte[] frame = BpfTests.frame(VM_A, VM_B, 60);

        assertEquals(TC_ACT_SHOT, ProgramTestRun.run(rxFd, frame, LO, 0).retval(), "no vnet_ifaces entry");
        assertEquals(1, stat(VNET_STAT_RX_NO_TUNNEL));

        putIface(LO, TAP_PORT, 2, 1500, DataPathMaps.VNET_IF_DELIVER_INGRESS);
        assertEquals(TC_ACT_SHOT, ProgramTestRun.run(rxFd, frame, LO, 0).retval(), "no tunnel metadata");
        assertEquals(2, stat(VNET_STAT_RX_NO_TUNNEL));
        assertEquals(0, stat(DataPathMaps.VNET_STAT_RX_DELIVERED));
    }

    @Test
    void shouldShareMapsPinnedByNameAcrossObjectsAndReloads() throws Exception
    {
        for (final String map : new String[] {DataPathMaps.VNET_IFACES, DataPathMaps.VNET_FLOWS, DataPathMaps.VNET_PEERS,
            DataPathMaps.VNET_PAIRS, DataPathMaps.VNET_PORTS, DataPathMaps.VNET_STATS, DataPathMaps.VNET_EVENTS})
        {
            assertTrue(Files.exists(pinRoot.resolve(map)), map + " pinned");
        }
        putIface(77, 5, 6, 1400, DataPathMaps.VNET_IF_EVENTS);

        try (BpfObject again = BpfObject.load(BpfSupport.TAP_TX_RESOURCE, pinRoot);
            BpfMap viaRx = new BpfMap(rx.mapFd(DataPathMaps.VNET_IFACES), 4, DataPathMaps.IFACE_LENGTH, false);
            BpfMap viaSecond = new BpfMap(again.mapFd(DataPathMaps.VNET_IFACES), 4, DataPathMaps.IFACE_LENGTH, false);
            BpfMap viaPin = BpfMap.pinned(pinRoot.resolve(DataPathMaps.VNET_IFACES), 4, DataPathMaps.IFACE_LENGTH, false))
        {
            assertNotEquals(tx.mapFd(DataPathMaps.VNET_IFACES), again.mapFd(DataPathMaps.VNET_IFACES));
            for (final BpfMap map : new BpfMap[] {viaRx, viaSecond, viaPin})
            {
                final UnsafeBuffer read = BpfMap.allocate(DataPathMaps.IFACE_LENGTH);
                DataPathMaps.u32Key(key, 77);
                assertEquals(0, map.lookup(key, read));
                assertEquals(1400, read.getInt(DataPathMaps.IFACE_MTU_OFFSET));
            }
        }
    }

    @Test
    void shouldNameMissingProgramsAndMaps()
    {
        final IllegalArgumentException program = assertThrows(IllegalArgumentException.class, () -> tx.programFd("nope"));
        assertTrue(program.getMessage().contains(DataPathMaps.TAP_TX_PROGRAM), program.getMessage());
        final IllegalArgumentException map = assertThrows(IllegalArgumentException.class, () -> tx.mapFd("nope"));
        assertTrue(map.getMessage().contains(DataPathMaps.VNET_FLOWS), map.getMessage());
        tx.close();
        assertThrows(IllegalStateException.class, () -> tx.programFd(DataPathMaps.TAP_TX_PROGRAM));
    }

    @Test
    void shouldFailClearlyForMissingResourceAndBadFrame()
    {
        final BpfException missing = assertThrows(BpfException.class, () -> BpfObject.load("/bpf/none.o", pinRoot));
        assertTrue(missing.getMessage().contains("/bpf/none.o"), missing.getMessage());

        final BpfException runt = assertThrows(BpfException.class, () -> ProgramTestRun.run(txFd, new byte[10], 0, 0));
        assertTrue(runt.getMessage().contains("EINVAL"), runt.getMessage());
    }
}
