package org.vnet.inference.packet;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.vnet.inference.testing.Frames;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameParserTest
{
    private final FrameParser parser = new FrameParser();

    @Test
    void shouldFindTcpHeadersOfIpv4FrameAtAnOffset()
    {
        final byte[] tcp = Frames.tcp4(Frames.mac(1), Frames.mac(2), Frames.ip(10, 0, 0, 1), Frames.ip(10, 0, 0, 2),
            1, 2, 3, 4, Tcp.ACK, 100);
        final byte[] bytes = new byte[tcp.length + 10];
        System.arraycopy(tcp, 0, bytes, 10, tcp.length);

        final int flags = parser.parse(new UnsafeBuffer(bytes), 10, tcp.length);

        assertEquals(FrameParser.IPV4 | FrameParser.L4, flags);
        assertEquals(Ethernet.ETHERTYPE_IPV4, parser.etherType());
        assertEquals(IpProtocol.TCP, parser.protocol());
        assertEquals(10 + 14, parser.l3Offset());
        assertEquals(10 + 14 + 20, parser.l4Offset());
        assertEquals(20, parser.transportHeaderLength());
        assertEquals(10 + 14 + 20 + 20, parser.payloadOffset());
        assertEquals(100, parser.payloadLength());
    }

    @Test
    void shouldSkipTwoVlanTagsAndKeepTheInnerVlanId()
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 8 + 20 + 8);
        Frames.putMac(b, Frames.mac(2));
        Frames.putMac(b, Frames.mac(1));
        b.putShort((short)Ethernet.ETHERTYPE_QINQ).putShort((short)7).putShort((short)Ethernet.ETHERTYPE_VLAN)
            .putShort((short)0x2064).putShort((short)Ethernet.ETHERTYPE_IPV4);
        Frames.ipv4(b, 8, IpProtocol.UDP, 1, 2, 3);
        b.putShort((short)53).putShort((short)53).putShort((short)8).putShort((short)0);

        final int flags = parser.parse(new UnsafeBuffer(b.array()), 0, b.capacity());

        assertEquals(FrameParser.VLAN | FrameParser.IPV4 | FrameParser.L4, flags);
        assertEquals(0x064, parser.vlanId());
        assertEquals(22, parser.l3Offset());
        assertEquals(Udp.HEADER_LENGTH, parser.transportHeaderLength());
        assertEquals(0, parser.payloadLength());
    }

    @Test
    void shouldWalkIpv6ExtensionHeadersToTheTransport()
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 40 + 8 + 20);
        Frames.ethernet(b, Frames.mac(1), Frames.mac(2), Ethernet.ETHERTYPE_IPV6);
        b.putInt(0x6000_0000).putShort((short)(8 + 20)).put((byte)Ipv6.NEXT_DESTINATION_OPTIONS).put((byte)64);
        b.putLong(1).putLong(2).putLong(3).putLong(4);
        b.put((byte)IpProtocol.TCP).put((byte)0).putShort((short)0).putInt(0);
        Frames.tcpHeader(b, 1, 2, 3, 4, Tcp.SYN);

        final int flags = parser.parse(new UnsafeBuffer(b.array()), 0, b.capacity());

        assertEquals(FrameParser.IPV6 | FrameParser.L4, flags);
        assertEquals(IpProtocol.TCP, parser.protocol());
        assertEquals(14 + 40 + 8, parser.l4Offset());
        assertEquals(0, parser.payloadLength());
    }

    @Test
    void shouldTellFirstAndLaterIpv4Fragments()
    {
        final byte[] frame = Frames.udp4(Frames.mac(1), Frames.mac(2), 1, 2, 3, 4, 10);
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);

        buffer.putShort(14 + Ipv4.FRAGMENT_OFFSET, (short)Ipv4.MORE_FRAGMENTS, ByteOrder.BIG_ENDIAN);
        assertEquals(FrameParser.IPV4 | FrameParser.FIRST_FRAGMENT | FrameParser.L4,
            parser.parse(buffer, 0, frame.length));

        buffer.putShort(14 + Ipv4.FRAGMENT_OFFSET, (short)0x00B9, ByteOrder.BIG_ENDIAN);
        assertEquals(FrameParser.IPV4 | FrameParser.FRAGMENT, parser.parse(buffer, 0, frame.length));
    }

    @Test
    void shouldMarkMalformedWhenTcpDataOffsetIsBelowTwenty()
    {
        final byte[] frame = Frames.tcp4(Frames.mac(1), Frames.mac(2), 1, 2, 3, 4, 5, 6, Tcp.ACK, 10);
        frame[14 + 20 + Tcp.DATA_OFFSET_OFFSET] = 0x40;

        final int flags = parser.parse(new UnsafeBuffer(frame), 0, frame.length);

        assertEquals(FrameParser.IPV4 | FrameParser.MALFORMED, flags);
        assertEquals(30, parser.payloadLength());
    }

    @Test
    void shouldMarkEveryTruncationOfAFrameAndNeverReadPastTheCapture()
    {
        final byte[] frame = Frames.tcp4(Frames.mac(1), Frames.mac(2), 1, 2, 3, 4, 5, 6, Tcp.ACK, 0);
        for (int length = 0; length < frame.length; length++)
        {
            final byte[] captured = new byte[length];
            System.arraycopy(frame, 0, captured, 0, length);

            final int flags = parser.parse(new UnsafeBuffer(captured), 0, length);

            assertTrue((flags & FrameParser.TRUNCATED) != 0, "length " + length);
            assertEquals(0, flags & FrameParser.L4, "length " + length);
        }
    }

    @Test
    void shouldNeverThrowOnRandomBytes()
    {
        final Random random = new Random(7);
        final int[] etherTypes = { Ethernet.ETHERTYPE_IPV4, Ethernet.ETHERTYPE_IPV6, Ethernet.ETHERTYPE_VLAN };
        for (int i = 0; i < 50_000; i++)
        {
            final byte[] frame = new byte[random.nextInt(120)];
            random.nextBytes(frame);
            if (frame.length >= 14)
            {
                final int type = etherTypes[random.nextInt(etherTypes.length)];
                frame[12] = (byte)(type >>> 8);
                frame[13] = (byte)type;
            }
            final int flags = parser.parse(new UnsafeBuffer(frame), 0, frame.length);
            assertTrue(parser.payloadLength() >= 0);
            assertTrue((flags & FrameParser.L4) == 0 || parser.l4Offset() < frame.length);
        }
    }
}
