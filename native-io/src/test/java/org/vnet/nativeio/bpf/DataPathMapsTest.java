package org.vnet.nativeio.bpf;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vnet.nativeio.bpf.DataPathMaps.FLOW_KEY_LENGTH;
import static org.vnet.nativeio.bpf.DataPathMaps.FLOW_LENGTH;
import static org.vnet.nativeio.bpf.DataPathMaps.VNET_FLOW_IPV6;

class DataPathMapsTest
{
    private static final long SRC = 0x02_00_5e_10_20_30L;
    private static final long DST = 0xfe_dc_ba_98_76_54L;

    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));

    /** The buffer's first {@code length} bytes. */
    private byte[] bytes(final int length)
    {
        final byte[] out = new byte[length];
        buffer.getBytes(0, out);
        return out;
    }

    /** Little-endian u32 as bytes. */
    private static byte[] le(final int value)
    {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static byte[] concat(final byte[]... parts)
    {
        int length = 0;
        for (final byte[] part : parts)
        {
            length += part.length;
        }
        final ByteBuffer out = ByteBuffer.allocate(length);
        for (final byte[] part : parts)
        {
            out.put(part);
        }
        return out.array();
    }

    private static byte[] hex(final String text)
    {
        final byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (byte)Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    @Test
    void shouldWriteFlowKeyAsIfindexThenWireOrderMacs()
    {
        assertEquals(FLOW_KEY_LENGTH, DataPathMaps.flowKey(buffer, 0x01020304, SRC, DST));

        assertArrayEquals(concat(le(0x01020304), hex("02005e102030"), hex("fedcba987654")), bytes(FLOW_KEY_LENGTH));
    }

    @Test
    void shouldWriteIpv4FlowWithHostOrderWordAndNoIpv6Flag() throws Exception
    {
        buffer.setMemory(0, 64, (byte)0xAA);

        assertEquals(FLOW_LENGTH, DataPathMaps.flow(
            buffer, InetAddress.getByName("192.0.2.7"), 42, 9, VNET_FLOW_IPV6, 0x1122334455667788L));

        final byte[] expected = concat(
            le(0xC0000207), le(0), le(0), le(0), le(42), le(9), le(0), le(0),
            ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x1122334455667788L).array());
        assertArrayEquals(expected, bytes(FLOW_LENGTH));
        assertArrayEquals(hex("070200c0"), java.util.Arrays.copyOf(bytes(4), 4), "192.0.2.7 as a native u32");
    }

    @Test
    void shouldWriteIpv6FlowAsFourBigEndianWordsInNativeOrderWithFlag() throws Exception
    {
        DataPathMaps.flow(buffer, InetAddress.getByName("2001:db8::1"), 7, 3, 0, 0);

        final int[] words = new int[4];
        DataPathMaps.getRemote(buffer, DataPathMaps.FLOW_REMOTE_OFFSET, words);
        assertArrayEquals(new int[] {0x20010db8, 0, 0, 1}, words);
        assertArrayEquals(concat(hex("b80d0120"), le(0), le(0), hex("01000000")), bytes(16));
        assertEquals(VNET_FLOW_IPV6, buffer.getInt(DataPathMaps.FLOW_FLAGS_OFFSET));
    }

    @Test
    void shouldRoundTripRemoteWords() throws Exception
    {
        for (final String text : new String[] {"10.1.2.3", "255.254.253.252", "2001:db8:1:2:3:4:5:6", "fe80::1"})
        {
            final InetAddress address = InetAddress.getByName(text);
            final boolean v6 = address.getAddress().length == 16;
            assertEquals(address, DataPathMaps.remoteAddress(DataPathMaps.remoteWords(address), v6), text);
        }
        assertArrayEquals(new int[] {0xFFFEFDFC, 0, 0, 0}, DataPathMaps.remoteWords(InetAddress.getByName("255.254.253.252")));
    }

    @Test
    void shouldRejectRemoteOfWrongLength()
    {
        assertThrows(IllegalArgumentException.class, () -> DataPathMaps.flow(buffer, new int[3], 1, 1, 0, 0));
    }

    @Test
    void shouldWritePeerKeyAndPeer() throws Exception
    {
        assertEquals(DataPathMaps.PEER_KEY_LENGTH,
            DataPathMaps.peerKey(buffer, 5, 0x00ABCDEF, InetAddress.getByName("198.51.100.1")));
        assertArrayEquals(concat(le(5), le(0x00ABCDEF), le(0xC6336401), le(0), le(0), le(0)),
            bytes(DataPathMaps.PEER_KEY_LENGTH));

        assertEquals(DataPathMaps.PEER_LENGTH, DataPathMaps.peer(buffer, 17, 0));
        assertArrayEquals(concat(le(17), le(0)), bytes(DataPathMaps.PEER_LENGTH));
    }

    @Test
    void shouldWriteIface()
    {
        assertEquals(DataPathMaps.IFACE_LENGTH, DataPathMaps.iface(buffer, 4, 77, 1450,
            DataPathMaps.VNET_IF_EVENTS | DataPathMaps.VNET_IF_DELIVER_INGRESS));
        assertArrayEquals(concat(le(4), le(77), le(1450), le(3)), bytes(DataPathMaps.IFACE_LENGTH));
    }

    @Test
    void shouldEncodeAndDecodePairKey()
    {
        assertEquals(DataPathMaps.PAIR_KEY_LENGTH, DataPathMaps.pairKey(buffer, SRC, DST, 513));
        assertArrayEquals(concat(hex("02005e102030"), hex("fedcba987654"), le(513)), bytes(DataPathMaps.PAIR_KEY_LENGTH));

        assertEquals(SRC, DataPathMaps.pairSrcMac(buffer));
        assertEquals(DST, DataPathMaps.pairDstMac(buffer));
        assertEquals(513, DataPathMaps.pairPort(buffer));
    }

    @Test
    void shouldRoundTripMacWithHighBitsSet()
    {
        DataPathMaps.putMac(buffer, 3, 0xFFFFFFFFFFFFL);
        assertEquals(0xFFFFFFFFFFFFL, DataPathMaps.getMac(buffer, 3));
        DataPathMaps.putMac(buffer, 3, 0x800000000001L);
        assertEquals(0x800000000001L, DataPathMaps.getMac(buffer, 3));
    }

    @Test
    void shouldIndexPortsByPortAndDirection()
    {
        assertEquals(0, DataPathMaps.portIndex(0, DataPathMaps.VNET_DIR_IN));
        assertEquals(7, DataPathMaps.portIndex(3, DataPathMaps.VNET_DIR_OUT));
        assertEquals(2 * DataPathMaps.PORTS_MAX - 1, DataPathMaps.portIndex(DataPathMaps.PORTS_MAX - 1, DataPathMaps.VNET_DIR_OUT));
    }

    @Test
    void shouldAggregatePerCpuValues()
    {
        final int stride = DataPathMaps.COUNTS_LENGTH;
        final int cpus = 3;
        buffer.setMemory(0, stride * cpus, (byte)0);
        buffer.putLong(0 * stride + DataPathMaps.COUNTS_PACKETS_OFFSET, 5);
        buffer.putLong(2 * stride + DataPathMaps.COUNTS_PACKETS_OFFSET, 40);
        buffer.putLong(0 * stride + DataPathMaps.COUNTS_FIRST_NS_OFFSET, 900);
        buffer.putLong(2 * stride + DataPathMaps.COUNTS_FIRST_NS_OFFSET, 700);
        buffer.putLong(0 * stride + DataPathMaps.COUNTS_LAST_NS_OFFSET, 1000);
        buffer.putLong(2 * stride + DataPathMaps.COUNTS_LAST_NS_OFFSET, 800);

        assertEquals(45, DataPathMaps.sum(buffer, stride, cpus, DataPathMaps.COUNTS_PACKETS_OFFSET));
        assertEquals(700, DataPathMaps.minNonZero(buffer, stride, cpus, DataPathMaps.COUNTS_FIRST_NS_OFFSET));
        assertEquals(1000, DataPathMaps.max(buffer, stride, cpus, DataPathMaps.COUNTS_LAST_NS_OFFSET));
    }

    @Test
    void shouldDecodeEventFields()
    {
        final int at = 16;
        buffer.putLong(at, 123456789L);
        buffer.putInt(at + 8, 3);
        buffer.putInt(at + 12, 9000);
        buffer.putShort(at + 16, (short)40);
        buffer.putByte(at + 18, (byte)DataPathMaps.VNET_EVENT_RX);
        buffer.putShort(at + 20, (short)128);

        assertEquals(123456789L, DataPathMaps.eventTimestampNs(buffer, at));
        assertEquals(3, DataPathMaps.eventPort(buffer, at));
        assertEquals(9000, DataPathMaps.eventLength(buffer, at));
        assertEquals(40, DataPathMaps.eventSegments(buffer, at));
        assertEquals(DataPathMaps.VNET_EVENT_RX, DataPathMaps.eventDirection(buffer, at));
        assertEquals(128, DataPathMaps.eventCaptureLength(buffer, at));
    }

    @Test
    void shouldNameEveryStat()
    {
        assertEquals("tx_hit", DataPathMaps.statName(DataPathMaps.VNET_STAT_TX_HIT));
        assertEquals("tx_encap_failed", DataPathMaps.statName(DataPathMaps.VNET_STAT_TX_ENCAP_FAILED));
        for (int i = 0; i < DataPathMaps.VNET_STAT_MAX; i++)
        {
            assertEquals(false, DataPathMaps.statName(i).startsWith("stat "), "stat " + i);
        }
        assertEquals("stat 99", DataPathMaps.statName(99));
    }
}
