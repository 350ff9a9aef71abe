package org.vnet.inference.event;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.vnet.inference.packet.Ethernet;
import org.vnet.inference.packet.IpAddress;
import org.vnet.inference.packet.IpProtocol;
import org.vnet.inference.packet.Tcp;
import org.vnet.inference.testing.Frames;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventRecordTest
{
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[EventRecord.LENGTH * 2]);
    private final EventRecord record = new EventRecord();
    private final EventEncoder encoder = new EventEncoder();

    private EventRecord encode(final byte[] frame, final int length)
    {
        encoder.encode(out, EventRecord.LENGTH, 123_456_789L, 7, EventRecord.DIRECTION_RX,
            new UnsafeBuffer(frame), 0, length, length);
        return record.wrap(out, EventRecord.LENGTH);
    }

    @Test
    void shouldEncodeTcpOverIpv4()
    {
        final byte[] frame = Frames.tcp4(Frames.mac(1), Frames.mac(2), Frames.ip(10, 0, 0, 1), Frames.ip(10, 0, 0, 2),
            40000, 5001, 1000, 2000, Tcp.ACK | Tcp.PSH, 100);
        final EventRecord r = encode(frame, frame.length);

        assertEquals(123_456_789L, r.timeNs());
        assertEquals(7, r.port());
        assertEquals(EventRecord.DIRECTION_RX, r.direction());
        assertEquals(frame.length, r.frameLength());
        assertEquals(Frames.mac(1), r.srcMac());
        assertEquals(Frames.mac(2), r.dstMac());
        assertEquals(Ethernet.ETHERTYPE_IPV4, r.etherType());
        assertEquals(IpProtocol.TCP, r.ipProtocol());
        assertEquals("10.0.0.1", IpAddress.format(r.srcIpHigh(), r.srcIpLow()));
        assertEquals("10.0.0.2", IpAddress.format(r.dstIpHigh(), r.dstIpLow()));
        assertEquals(40000, r.srcPort());
        assertEquals(5001, r.dstPort());
        assertEquals(1000, r.seq());
        assertEquals(2000, r.ack());
        assertEquals(Tcp.ACK | Tcp.PSH, r.tcpFlags());
        assertEquals(100, r.payloadLength());
        assertEquals(0x1234, r.ipId());
        assertEquals(64, r.ttl());
        assertTrue(r.hasFlag(EventRecord.FLAG_IPV4));
        assertTrue(r.hasFlag(EventRecord.FLAG_L4));
        assertFalse(r.hasFlag(EventRecord.FLAG_TRUNCATED));
    }

    @Test
    void shouldSkipIpv4OptionsAndVlanTag()
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 4 + 24 + 8 + 10);
        Frames.putMac(b, Frames.mac(2));
        Frames.putMac(b, Frames.mac(1));
        b.putShort((short)0x8100).putShort((short)0x0064).putShort((short)0x0800);
        b.put((byte)0x46).put((byte)0).putShort((short)(24 + 18)).putShort((short)9).putShort((short)0)
            .put((byte)5).put((byte)17).putShort((short)0).putInt(Frames.ip(1, 2, 3, 4)).putInt(Frames.ip(5, 6, 7, 8))
            .putInt(0x01010101);
        b.putShort((short)53).putShort((short)3333).putShort((short)18).putShort((short)0);
        final EventRecord r = encode(b.array(), b.capacity());

        assertTrue(r.hasFlag(EventRecord.FLAG_VLAN));
        assertEquals(100, r.vlanId());
        assertEquals(IpProtocol.UDP, r.ipProtocol());
        assertEquals(53, r.srcPort());
        assertEquals(3333, r.dstPort());
        assertEquals(10, r.payloadLength());
    }

    @Test
    void shouldEncodeTcpOverIpv6WithHopByHopHeader()
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 40 + 8 + 20 + 30);
        Frames.ethernet(b, Frames.mac(1), Frames.mac(2), 0x86DD);
        b.putInt(0x6000_0001).putShort((short)(8 + 20 + 30)).put((byte)0).put((byte)64);
        b.putLong(0xFE80_0000_0000_0000L).putLong(1L).putLong(0xFE80_0000_0000_0000L).putLong(2L);
        b.put((byte)6).put((byte)0).putShort((short)0).putInt(0);
        Frames.tcpHeader(b, 1, 2, 77, 88, Tcp.ACK);
        final EventRecord r = encode(b.array(), b.capacity());

        assertTrue(r.hasFlag(EventRecord.FLAG_IPV6));
        assertEquals(IpProtocol.TCP, r.ipProtocol());
        assertEquals("fe80::1", IpAddress.format(r.srcIpHigh(), r.srcIpLow()));
        assertEquals(77, r.seq());
        assertEquals(30, r.payloadLength());
        assertEquals(1, r.ipId());
    }

    @Test
    void shouldMarkTruncatedFrameAndKeepWhatParsed()
    {
        final byte[] frame = Frames.tcp4(Frames.mac(1), Frames.mac(2), Frames.ip(10, 0, 0, 1), Frames.ip(10, 0, 0, 2),
            1, 2, 3, 4, Tcp.ACK, 1000);
        final EventRecord r = encode(frame, 14 + 20 + 10);

        assertTrue(r.hasFlag(EventRecord.FLAG_TRUNCATED));
        assertTrue(r.hasFlag(EventRecord.FLAG_IPV4));
        assertFalse(r.hasFlag(EventRecord.FLAG_L4));
        assertEquals(Frames.mac(1), r.srcMac());
        assertEquals(1020, r.payloadLength());
    }

    @Test
    void shouldNeverThrowOnGarbage()
    {
        final java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++)
        {
            final byte[] frame = new byte[random.nextInt(100)];
            random.nextBytes(frame);
            if (frame.length > 13 && random.nextBoolean())
            {
                frame[12] = (byte)(random.nextBoolean() ? 0x08 : 0x86);
                frame[13] = (byte)(frame[12] == 0x08 ? 0x00 : 0xDD);
            }
            encode(frame, frame.length);
            assertTrue(record.payloadLength() >= 0 || record.hasFlag(EventRecord.FLAG_MALFORMED));
        }
    }

    @Test
    void shouldRecordShortFrameAsTruncated()
    {
        final EventRecord r = encode(new byte[5], 5);
        assertTrue(r.hasFlag(EventRecord.FLAG_TRUNCATED));
        assertEquals(5, r.frameLength());
        assertEquals(0, r.srcMac());
    }
}
