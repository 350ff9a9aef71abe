package org.vnet.inference.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.inference.event.EventRecord;
import org.vnet.inference.event.EventSource;
import org.vnet.inference.packet.Tcp;
import org.vnet.inference.testing.CaptureWriter;
import org.vnet.inference.testing.Frames;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptureReadersTest
{
    private static final long A = Frames.mac(1);
    private static final long B = Frames.mac(2);
    private static final byte[] FRAME = Frames.tcp4(A, B, Frames.ip(10, 0, 0, 1), Frames.ip(10, 0, 0, 2),
        1111, 2222, 5, 6, Tcp.ACK, 40);

    @TempDir
    Path dir;

    private static final class Seen
    {
        final long timeNs;
        final long srcMac;
        final long dstMac;
        final int port;
        final int direction;
        final int payload;
        final int srcPort;

        Seen(final EventRecord r)
        {
            timeNs = r.timeNs();
            srcMac = r.srcMac();
            dstMac = r.dstMac();
            port = r.port();
            direction = r.direction();
            payload = r.payloadLength();
            srcPort = r.srcPort();
        }
    }

    private Path write(final String name, final byte[] bytes) throws IOException
    {
        final Path path = dir.resolve(name);
        Files.write(path, bytes);
        return path;
    }

    private List<Seen> readAll(final Path path)
    {
        final List<Seen> seen = new ArrayList<>();
        try (EventSource source = CaptureFiles.open(path))
        {
            while (!source.isExhausted())
            {
                source.poll(r -> seen.add(new Seen(r)), 3);
            }
        }
        return seen;
    }

    @Test
    void shouldReadPcapInBothByteOrdersAndResolutions() throws IOException
    {
        for (final ByteOrder order : Arrays.asList(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN))
        {
            for (final boolean nanos : new boolean[]{ false, true })
            {
                final long unit = nanos ? 1 : 1000;
                final CaptureWriter w = CaptureWriter.pcap(order, nanos, LinkTypes.ETHERNET);
                for (int i = 0; i < 10; i++)
                {
                    w.packet((1_700_000_000_000_000_000L + i * 1_500_000L) / unit, FRAME);
                }
                final List<Seen> seen = readAll(write("a-" + order + nanos + ".pcap", w.bytes()));
                assertEquals(10, seen.size());
                assertEquals(1_700_000_000_000_000_000L + 9 * 1_500_000L, seen.get(9).timeNs);
                assertEquals(A, seen.get(0).srcMac);
                assertEquals(B, seen.get(0).dstMac);
                assertEquals(40, seen.get(0).payload);
            }
        }
    }

    @Test
    void shouldReadLinuxCookedV1WithDirection() throws IOException
    {
        final byte[] l3 = CaptureWriter.stripEthernet(FRAME);
        final CaptureWriter w = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.LINUX_SLL)
            .packet(1000, CaptureWriter.sll(4, A, 0x0800, l3))
            .packet(2000, CaptureWriter.sll(0, A, 0x0800, l3));
        final List<Seen> seen = readAll(write("sll.pcap", w.bytes()));

        assertEquals(2, seen.size());
        assertEquals(EventRecord.DIRECTION_TX, seen.get(0).direction);
        assertEquals(EventRecord.DIRECTION_RX, seen.get(1).direction);
        assertEquals(A, seen.get(0).srcMac);
        assertEquals(0L, seen.get(0).dstMac);
        assertEquals(1111, seen.get(0).srcPort);
        assertEquals(2_000_000L, seen.get(1).timeNs);
    }

    @Test
    void shouldReadLinuxCookedV2InPcapng() throws IOException
    {
        final byte[] l3 = CaptureWriter.stripEthernet(FRAME);
        final CaptureWriter w = CaptureWriter.pcapng(ByteOrder.BIG_ENDIAN, LinkTypes.LINUX_SLL2, 9)
            .packet(5_000_000_000L, CaptureWriter.sll2(4, 17, A, 0x0800, l3));
        final List<Seen> seen = readAll(write("sll2.pcapng", w.bytes()));

        assertEquals(1, seen.size());
        assertEquals(5_000_000_000L, seen.get(0).timeNs);
        assertEquals(17, seen.get(0).port);
        assertEquals(EventRecord.DIRECTION_TX, seen.get(0).direction);
        assertEquals(40, seen.get(0).payload);
    }

    @Test
    void shouldReadPcapngBothOrdersWithFlagsResolutionAndSkippedBlocks() throws IOException
    {
        for (final ByteOrder order : Arrays.asList(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN))
        {
            final CaptureWriter w = CaptureWriter.pcapng(order, LinkTypes.ETHERNET, -1)
                .addInterface(LinkTypes.ETHERNET, 0x80 | 10)
                .customBlock(20)
                .packet(3_000_001L, FRAME, 0, 1)
                .packet(3L << 10, FRAME, 1, 2)
                .simplePacket(FRAME);
            final List<Seen> seen = readAll(write("b" + order + ".pcapng", w.bytes()));

            assertEquals(3, seen.size());
            assertEquals(3_000_001_000L, seen.get(0).timeNs);
            assertEquals(EventRecord.DIRECTION_RX, seen.get(0).direction);
            assertEquals(3_000_000_000L, seen.get(1).timeNs);
            assertEquals(1, seen.get(1).port);
            assertEquals(EventRecord.DIRECTION_TX, seen.get(1).direction);
            assertEquals(A, seen.get(2).srcMac);
        }
    }

    @Test
    void shouldReportTruncatedPcapRecordWithOffsetAndNumber() throws IOException
    {
        final byte[] full = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.ETHERNET)
            .packet(1, FRAME).packet(2, FRAME).bytes();
        final Path path = write("trunc.pcap", Arrays.copyOf(full, full.length - 5));
        final List<Seen> seen = new ArrayList<>();
        final CaptureFormatException ex = assertThrows(CaptureFormatException.class, () ->
        {
            try (EventSource source = CaptureFiles.open(path))
            {
                while (!source.isExhausted())
                {
                    source.poll(r -> seen.add(new Seen(r)), 10);
                }
            }
        });
        assertEquals(1, seen.size());
        assertEquals(2, ex.recordNumber());
        assertEquals(24 + 16 + FRAME.length, ex.byteOffset());
        assertTrue(ex.getMessage().contains("truncated packet data"), ex.getMessage());
        assertTrue(ex.getMessage().contains("byte offset " + (24 + 16 + FRAME.length)), ex.getMessage());
    }

    @Test
    void shouldReportCorruptPcapRecordLength() throws IOException
    {
        final byte[] bytes = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.ETHERNET)
            .packet(1, FRAME).bytes();
        bytes[24 + 8 + 3] = 0x7F;
        final CaptureFormatException ex = assertThrows(CaptureFormatException.class,
            () -> readAll(write("corrupt.pcap", bytes)));
        assertEquals(1, ex.recordNumber());
        assertEquals(24, ex.byteOffset());
        assertTrue(ex.getMessage().contains("corrupt packet record header"), ex.getMessage());
    }

    @Test
    void shouldRejectEmptyFile() throws IOException
    {
        final CaptureFormatException ex = assertThrows(CaptureFormatException.class,
            () -> readAll(write("empty.pcap", new byte[0])));
        assertTrue(ex.getMessage().startsWith("empty capture file"), ex.getMessage());
    }

    @Test
    void shouldRejectGarbageAndShortHeader() throws IOException
    {
        final CaptureFormatException garbage = assertThrows(CaptureFormatException.class,
            () -> readAll(write("garbage.pcap", "hello world, not a capture".getBytes())));
        assertTrue(garbage.getMessage().contains("not a pcap file"), garbage.getMessage());

        final byte[] header = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, false, 1).bytes();
        final CaptureFormatException shortHeader = assertThrows(CaptureFormatException.class,
            () -> readAll(write("short.pcap", Arrays.copyOf(header, 10))));
        assertTrue(shortHeader.getMessage().contains("truncated pcap file header"), shortHeader.getMessage());
    }

    @Test
    void shouldReadHeaderOnlyFileAsNoEvents() throws IOException
    {
        assertEquals(0, readAll(write("h.pcap", CaptureWriter.pcap(ByteOrder.BIG_ENDIAN, true, 1).bytes())).size());
    }

    @Test
    void shouldRejectUnsupportedLinkType() throws IOException
    {
        final CaptureFormatException pcap = assertThrows(CaptureFormatException.class,
            () -> readAll(write("wifi.pcap", CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, false, 127).bytes())));
        assertTrue(pcap.getMessage().contains("unsupported link type 127"), pcap.getMessage());

        final byte[] ng = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN, 127, -1).packet(1, FRAME).bytes();
        final CaptureFormatException pcapng = assertThrows(CaptureFormatException.class,
            () -> readAll(write("wifi.pcapng", ng)));
        assertTrue(pcapng.getMessage().contains("unsupported link type 127"), pcapng.getMessage());
        assertEquals(3, pcapng.recordNumber());
    }

    @Test
    void shouldReportTruncatedAndCorruptPcapngBlocks() throws IOException
    {
        final byte[] full = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN, 1, -1).packet(1, FRAME).bytes();
        final CaptureFormatException truncated = assertThrows(CaptureFormatException.class,
            () -> readAll(write("t.pcapng", Arrays.copyOf(full, full.length - 3))));
        assertEquals(3, truncated.recordNumber());
        assertEquals(28 + 20, truncated.byteOffset());
        assertTrue(truncated.getMessage().contains("truncated block"), truncated.getMessage());

        final byte[] corrupt = full.clone();
        corrupt[28 + 20 + 4] = 13;
        final CaptureFormatException bad = assertThrows(CaptureFormatException.class,
            () -> readAll(write("c.pcapng", corrupt)));
        assertTrue(bad.getMessage().contains("corrupt block length"), bad.getMessage());
    }

    @Test
    void shouldStreamLargeCaptureInConstantMemory() throws IOException
    {
        final CaptureWriter w = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.ETHERNET);
        final byte[] big = Frames.udp4(A, B, 1, 2, 3, 4, 9000);
        for (int i = 0; i < 400; i++)
        {
            w.packet(i, big);
        }
        final long[] total = new long[1];
        final byte[] bytes = w.bytes();
        try (CaptureSource source = CaptureFiles.open(write("big.pcap", bytes)))
        {
            while (!source.isExhausted())
            {
                source.poll(r -> total[0] += r.frameLength(), 64);
                assertTrue(source.bytesRead() <= bytes.length);
            }
            assertEquals(bytes.length, source.bytesRead());
            assertEquals(400, source.packetsRead());
        }
        assertEquals(400L * big.length, total[0]);
    }

    @Test
    void shouldReadRawIpAndBigEndianCookedV1() throws IOException
    {
        final byte[] l3 = CaptureWriter.stripEthernet(FRAME);
        final List<Seen> raw = readAll(write("raw.pcap",
            CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, LinkTypes.RAW).packet(7, l3).bytes()));
        assertEquals(1, raw.size());
        assertEquals(0L, raw.get(0).srcMac);
        assertEquals(1111, raw.get(0).srcPort);
        assertEquals(40, raw.get(0).payload);

        final List<Seen> cooked = readAll(write("sll-be.pcap",
            CaptureWriter.pcap(ByteOrder.BIG_ENDIAN, true, LinkTypes.LINUX_SLL)
                .packet(9, CaptureWriter.sll(3, B, 0x0800, l3)).bytes()));
        assertEquals(1, cooked.size());
        assertEquals(9, cooked.get(0).timeNs);
        assertEquals(B, cooked.get(0).srcMac);
        assertEquals(EventRecord.DIRECTION_UNKNOWN, cooked.get(0).direction);
    }
}
