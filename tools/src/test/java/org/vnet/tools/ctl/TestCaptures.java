package org.vnet.tools.ctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Writes small real pcap and pcapng files for the tests: Ethernet II frames carrying IPv4 and TCP (or UDP, ARP)
 * between MACs {@code 02:00:00:00:00:0R} with IPs {@code 10.9.0.(R+1)}, and BSP traffic between ranks.
 */
final class TestCaptures {
    /** One frame on the wire, with its capture time. */
    record Frame(long timeNs, byte[] bytes) {
    }

    private TestCaptures() {
    }

    static String mac(final int rank) {
        return String.format("02:00:00:00:00:%02x", rank);
    }

    static byte[] macBytes(final int rank) {
        return new byte[] {2, 0, 0, 0, 0, (byte) rank};
    }

    static byte[] ip(final int rank) {
        return new byte[] {10, 9, 0, (byte) (rank + 1)};
    }

    /** An Ethernet/IPv4/TCP frame from rank {@code src} to {@code dst}. */
    static byte[] tcp(final int src, final int dst, final int srcPort, final int dstPort, final long seq, final long ack,
                      final int flags, final int payload) {
        final ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20 + payload).order(ByteOrder.BIG_ENDIAN);
        b.put(macBytes(dst)).put(macBytes(src)).putShort((short) 0x0800);
        ipv4(b, 20 + 20 + payload, 6, src, dst);
        b.putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq).putInt((int) ack);
        b.put((byte) 0x50).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        return b.array();
    }

    /** An Ethernet/IPv4/UDP frame. */
    static byte[] udp(final int src, final int dst, final int srcPort, final int dstPort, final int payload) {
        final ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + payload).order(ByteOrder.BIG_ENDIAN);
        b.put(macBytes(dst)).put(macBytes(src)).putShort((short) 0x0800);
        ipv4(b, 20 + 8 + payload, 17, src, dst);
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload)).putShort((short) 0);
        return b.array();
    }

    /** A broadcast ARP request from {@code src}. */
    static byte[] arp(final int src, final int target) {
        final ByteBuffer b = ByteBuffer.allocate(14 + 28).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {-1, -1, -1, -1, -1, -1}).put(macBytes(src)).putShort((short) 0x0806);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
        b.put(macBytes(src)).put(ip(src)).put(new byte[6]).put(ip(target));
        return b.array();
    }

    private static void ipv4(final ByteBuffer b, final int totalLength, final int protocol, final int src, final int dst) {
        b.put((byte) 0x45).put((byte) 0).putShort((short) totalLength).putShort((short) (b.position() * 31 + src))
            .putShort((short) 0x4000).put((byte) 64).put((byte) protocol).putShort((short) 0).put(ip(src)).put(ip(dst));
    }

    /**
     * BSP traffic: every iteration each rank computes for {@code computeNs}, then sends one message of
     * {@code messageBytes} (1448-byte segments, 10 us apart, each ACKed 40 us later) to each neighbour.
     *
     * @param neighbours rank to its neighbours
     */
    static List<Frame> bsp(final int ranks, final IntFunction<int[]> neighbours, final int iterations,
                           final long computeNs, final int messageBytes) {
        final List<Frame> frames = new ArrayList<>();
        final long[][] seq = new long[ranks][ranks];
        long t = 1_000_000_000_000L;
        for (int it = 0; it < iterations; it++) {
            long end = t;
            for (int src = 0; src < ranks; src++) {
                // a little per-rank jitter, distinct per rank so no two events share a timestamp
                long at = t + computeNs + (src * 7_919L + it * 13L) % 200_000L + src * 1_000L;
                for (final int dst : neighbours.apply(src)) {
                    int left = messageBytes;
                    while (left > 0) {
                        final int n = Math.min(1448, left);
                        frames.add(new Frame(at, tcp(src, dst, 40_000 + src, 31_000, seq[src][dst], 1, 0x18, n)));
                        seq[src][dst] += n;
                        frames.add(new Frame(at + 40_000 + src, tcp(dst, src, 31_000, 40_000 + src, 1, seq[src][dst], 0x10, 0)));
                        left -= n;
                        at += 10_000;
                    }
                    end = Math.max(end, at + 50_000);
                }
            }
            t = end;
        }
        frames.sort(Comparator.comparingLong(Frame::timeNs));
        // one capture point serialises frames: strictly increasing microseconds, as pcap stores them
        final List<Frame> serial = new ArrayList<>(frames.size());
        long last = 0;
        for (final Frame f : frames) {
            last = Math.max(f.timeNs() / 1_000 * 1_000, last + 1_000);
            serial.add(new Frame(last, f.bytes()));
        }
        return serial;
    }

    static int[] ring(final int rank, final int ranks) {
        return new int[] {(rank + 1) % ranks, (rank + ranks - 1) % ranks};
    }

    static int[] allToAll(final int rank, final int ranks) {
        final int[] peers = new int[ranks - 1];
        for (int r = 0, i = 0; r < ranks; r++) {
            if (r != rank) {
                peers[i++] = r;
            }
        }
        return peers;
    }

    /** A classic pcap file (microsecond magic, little-endian) of {@code frames} with link type {@code linkType}. */
    static byte[] pcap(final List<Frame> frames, final int linkType) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(linkType);
        out.writeBytes(header.array());
        for (final Frame f : frames) {
            final ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt((int) (f.timeNs() / 1_000_000_000L)).putInt((int) (f.timeNs() % 1_000_000_000L / 1_000))
                .putInt(f.bytes().length).putInt(f.bytes().length);
            out.writeBytes(r.array());
            out.writeBytes(f.bytes());
        }
        return out.toByteArray();
    }

    /** A pcapng file: section header, one Ethernet interface (nanosecond if_tsresol), enhanced packet blocks. */
    static byte[] pcapng(final List<Frame> frames) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteBuffer shb = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        shb.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L).putInt(28);
        out.writeBytes(shb.array());
        // IDB with if_tsresol = 9 (ns) and opt_endofopt
        final ByteBuffer idb = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        idb.putInt(1).putInt(32).putShort((short) 1).putShort((short) 0).putInt(65535)
            .putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]).putInt(0).putInt(32);
        out.writeBytes(idb.array());
        for (final Frame f : frames) {
            final int padded = (f.bytes().length + 3) & ~3;
            final int length = 32 + padded;
            final ByteBuffer epb = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            epb.putInt(6).putInt(length).putInt(0).putInt((int) (f.timeNs() >>> 32)).putInt((int) f.timeNs())
                .putInt(f.bytes().length).putInt(f.bytes().length).put(f.bytes());
            epb.position(28 + padded);
            epb.putInt(length);
            out.writeBytes(epb.array());
        }
        return out.toByteArray();
    }

    static Path write(final Path file, final byte[] bytes) throws IOException {
        Files.write(file, bytes);
        return file;
    }
}
