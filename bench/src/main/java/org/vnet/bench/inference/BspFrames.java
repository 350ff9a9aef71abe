package org.vnet.bench.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A realistic mix of Ethernet frames for the inference benchmarks: BSP traffic of 16 ranks in a 4x4 torus (each
 * iteration 2 ms of compute, then a 6,000-byte message to each neighbour in 1,448-byte TCP segments, every second
 * segment and the last ACKed), plus the noise a VM's interface carries: 1 % broadcast ARP, 1 % DNS over UDP, 1 %
 * SSH. Timestamps are strictly increasing microseconds, as at one capture point.
 */
final class BspFrames {
    /** One frame and its capture time. */
    record Frame(long timeNs, byte[] bytes) {
    }

    static final int RANKS = 16;
    private static final int SIDE = 4;
    private static final int MSS = 1448;
    private static final int HEADERS = 14 + 20 + 20;

    private BspFrames() {
    }

    /** At least {@code count} frames, starting at {@code startNs}. */
    static List<Frame> generate(final int count, final long startNs) {
        final SplittableRandom random = new SplittableRandom(42);
        final List<Frame> frames = new ArrayList<>(count + 4096);
        final int[][] seq = new int[RANKS][RANKS];
        final int[] ipId = new int[RANKS];
        long t = startNs;
        while (frames.size() < count) {
            final List<Frame> round = new ArrayList<>();
            long end = t;
            for (int src = 0; src < RANKS; src++) {
                long at = t + 2_000_000L + random.nextLong(100_000L);
                for (final int dst : neighbours(src)) {
                    int left = 6000;
                    int segment = 0;
                    while (left > 0) {
                        final int n = Math.min(MSS, left);
                        round.add(new Frame(at, tcp(src, dst, 40_000 + src, 31_000, seq[src][dst], 1, 0x18, n, ++ipId[src])));
                        seq[src][dst] += n;
                        left -= n;
                        if (++segment % 2 == 0 || left == 0) {
                            round.add(new Frame(at + 30_000, tcp(dst, src, 31_000, 40_000 + src, 1, seq[src][dst], 0x10, 0,
                                ++ipId[dst])));
                        }
                        at += 12_000;
                    }
                    end = Math.max(end, at + 30_000);
                }
            }
            final int noise = Math.max(1, round.size() / 100);
            for (int i = 0; i < noise; i++) {
                final int rank = random.nextInt(RANKS);
                final long at = t + random.nextLong(Math.max(1, end - t));
                round.add(new Frame(at, arp(rank, (rank + 1) % RANKS)));
                round.add(new Frame(at + 1_000, udp(rank, (rank + 5) % RANKS, 50_000 + rank, 53, 40, ++ipId[rank])));
                round.add(new Frame(at + 2_000, tcp(rank, (rank + 3) % RANKS, 22, 55_000, 7, 9, 0x18, 100, ++ipId[rank])));
            }
            round.sort(Comparator.comparingLong(Frame::timeNs));
            long last = frames.isEmpty() ? 0 : frames.get(frames.size() - 1).timeNs();
            for (final Frame f : round) {
                last = Math.max(f.timeNs() / 1_000 * 1_000, last + 1_000);
                frames.add(new Frame(last, f.bytes()));
            }
            t = Math.max(end, last + 1_000);
        }
        return frames;
    }

    static int[] neighbours(final int rank) {
        final int x = rank % SIDE;
        final int y = rank / SIDE;
        return new int[] {(x + 1) % SIDE + y * SIDE, (x + SIDE - 1) % SIDE + y * SIDE,
            x + (y + 1) % SIDE * SIDE, x + (y + SIDE - 1) % SIDE * SIDE};
    }

    private static void ethernet(final ByteBuffer b, final int src, final int dst, final int etherType) {
        b.put(new byte[] {2, 0, 0, 0, 0, (byte) dst}).put(new byte[] {2, 0, 0, 0, 0, (byte) src}).putShort((short) etherType);
    }

    private static void ipv4(final ByteBuffer b, final int src, final int dst, final int protocol, final int length,
                             final int id) {
        b.put((byte) 0x45).put((byte) 0).putShort((short) length).putShort((short) id).putShort((short) 0x4000)
            .put((byte) 64).put((byte) protocol).putShort((short) 0)
            .put(new byte[] {10, 77, 0, (byte) (src + 1)}).put(new byte[] {10, 77, 0, (byte) (dst + 1)});
    }

    /** A TCP frame with {@code payload} bytes of zeros. */
    static byte[] tcp(final int src, final int dst, final int srcPort, final int dstPort, final int seq, final int ack,
                      final int flags, final int payload, final int id) {
        final ByteBuffer b = ByteBuffer.allocate(HEADERS + payload).order(ByteOrder.BIG_ENDIAN);
        ethernet(b, src, dst, 0x0800);
        ipv4(b, src, dst, 6, 40 + payload, id);
        b.putShort((short) srcPort).putShort((short) dstPort).putInt(seq).putInt(ack).put((byte) 0x50).put((byte) flags)
            .putShort((short) 502).putShort((short) 0).putShort((short) 0);
        return b.array();
    }

    static byte[] udp(final int src, final int dst, final int srcPort, final int dstPort, final int payload, final int id) {
        final ByteBuffer b = ByteBuffer.allocate(14 + 28 + payload).order(ByteOrder.BIG_ENDIAN);
        ethernet(b, src, dst, 0x0800);
        ipv4(b, src, dst, 17, 28 + payload, id);
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload)).putShort((short) 0);
        return b.array();
    }

    static byte[] arp(final int src, final int target) {
        final ByteBuffer b = ByteBuffer.allocate(14 + 28).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {-1, -1, -1, -1, -1, -1}).put(new byte[] {2, 0, 0, 0, 0, (byte) src}).putShort((short) 0x0806);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1)
            .put(new byte[] {2, 0, 0, 0, 0, (byte) src}).put(new byte[] {10, 77, 0, (byte) (src + 1)})
            .put(new byte[6]).put(new byte[] {10, 77, 0, (byte) (target + 1)});
        return b.array();
    }

    /** A pcap file (microseconds, little-endian, Ethernet) of the frames, each cut to {@code snap} bytes. */
    static byte[] pcap(final List<Frame> frames, final int snap) {
        int size = 24;
        for (final Frame f : frames) {
            size += 16 + Math.min(snap, f.bytes().length);
        }
        final ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(snap).putInt(1);
        for (final Frame f : frames) {
            final int captured = Math.min(snap, f.bytes().length);
            b.putInt((int) (f.timeNs() / 1_000_000_000L)).putInt((int) (f.timeNs() % 1_000_000_000L / 1_000))
                .putInt(captured).putInt(f.bytes().length).put(f.bytes(), 0, captured);
        }
        return b.array();
    }
}
