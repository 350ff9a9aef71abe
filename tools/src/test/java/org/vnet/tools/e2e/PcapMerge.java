package org.vnet.tools.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges classic pcap files (as {@code tcpdump -w} writes them, microsecond or nanosecond stamps, either byte order)
 * into one time-ordered pcap: one capture per VM becomes the single stream the inference engine reads. All inputs
 * must share link type and time resolution; records with equal stamps keep the order of the inputs.
 */
final class PcapMerge {
    private static final int MAGIC_MICROS = 0xA1B2C3D4;
    private static final int MAGIC_NANOS = 0xA1B23C4D;
    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    private record Frame(long stamp, int input, int index, byte[] header, byte[] data) {
    }

    private PcapMerge() {
    }

    /**
     * Writes the frames of every input, ordered by time stamp, to {@code out}.
     *
     * @return the number of frames written.
     * @throws IOException if an input cannot be read or is not a pcap file of the same kind as the first.
     */
    static long merge(final List<Path> inputs, final Path out) throws IOException {
        final List<Frame> frames = new ArrayList<>();
        int magic = 0;
        int linkType = -1;
        int snapLength = 0;
        for (int i = 0; i < inputs.size(); i++) {
            final ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(inputs.get(i)));
            if (in.remaining() < GLOBAL_HEADER) {
                throw new IOException(inputs.get(i) + ": " + in.remaining() + " bytes, no pcap header");
            }
            in.order(ByteOrder.LITTLE_ENDIAN);
            final int raw = in.getInt(0);
            if (raw != MAGIC_MICROS && raw != MAGIC_NANOS) {
                in.order(ByteOrder.BIG_ENDIAN);
            }
            final int m = in.getInt(0);
            if (m != MAGIC_MICROS && m != MAGIC_NANOS) {
                throw new IOException(inputs.get(i) + ": not a classic pcap file (magic " + Integer.toHexString(raw)
                    + ")");
            }
            final int lt = in.getInt(20);
            if (i == 0) {
                magic = m;
                linkType = lt;
            } else if (m != magic || lt != linkType) {
                throw new IOException(inputs.get(i) + ": link type " + lt + " / magic " + Integer.toHexString(m)
                    + " differ from the first input's " + linkType + " / " + Integer.toHexString(magic));
            }
            snapLength = Math.max(snapLength, in.getInt(16));
            final long unit = m == MAGIC_NANOS ? 1L : 1_000L;
            in.position(GLOBAL_HEADER);
            int index = 0;
            while (in.remaining() >= RECORD_HEADER) {
                final long seconds = in.getInt() & 0xFFFF_FFFFL;
                final long fraction = in.getInt() & 0xFFFF_FFFFL;
                final int captured = in.getInt();
                final int original = in.getInt();
                if (captured < 0 || captured > in.remaining()) {
                    break; // a record cut short when the capture was stopped
                }
                final byte[] data = new byte[captured];
                in.get(data);
                final ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt((int)seconds).putInt((int)fraction).putInt(captured).putInt(original);
                frames.add(new Frame(seconds * 1_000_000_000L + fraction * unit, i, index++, header.array(), data));
            }
        }
        frames.sort(Comparator.comparingLong(Frame::stamp).thenComparingInt(Frame::input)
            .thenComparingInt(Frame::index));
        long size = GLOBAL_HEADER;
        for (final Frame f : frames) {
            size += RECORD_HEADER + f.data().length;
        }
        final ByteBuffer dst = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        dst.putInt(magic).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(snapLength)
            .putInt(linkType);
        for (final Frame f : frames) {
            dst.put(f.header()).put(f.data());
        }
        Files.write(out, dst.array());
        return frames.size();
    }
}
