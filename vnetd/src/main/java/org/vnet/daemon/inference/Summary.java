package org.vnet.daemon.inference;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.vnet.inference.vttif.TrafficMatrix;

/**
 * A daemon's traffic matrix as sent to its peers for the global view, in the payload of a
 * SUMMARY message:
 *
 * <pre>
 *  0: kind (1: LOCAL, what this daemon switched; 2: GLOBAL, a hub's reduction)
 *  1: name length n (1)   2: daemon name (n bytes, UTF-8)   2+n: entry count c (4)
 *  then c entries of 32 bytes: src MAC (8), dst MAC (8), bytes (8), frames (8)
 *  then, optionally (absent from older senders): local MAC count m (2), m MACs of 8 bytes
 * </pre>
 *
 * At most {@link #MAX_ENTRIES} entries travel (the heaviest), so a summary fits one datagram.
 * The local MACs are those of the VMs on the sender's own interfaces: they tell an adaptation
 * leader which host each VM is on.
 *
 * @param kind      {@link #LOCAL} or {@link #GLOBAL}
 * @param daemon    the sender's name
 * @param entries   the matrix entries
 * @param localMacs MACs learned on the sender's interfaces (at most {@link #MAX_LOCAL_MACS})
 */
public record Summary(int kind, String daemon, List<TrafficMatrix.Entry> entries, long[] localMacs) {
    /** What the sender itself switched. */
    public static final int LOCAL = 1;
    /** A hub's reduction of every daemon's summary. */
    public static final int GLOBAL = 2;
    /** Most entries in one summary (32 bytes each; fits a 64 KiB datagram with room to spare). */
    public static final int MAX_ENTRIES = 1900;
    /** Most local MACs in one summary. */
    public static final int MAX_LOCAL_MACS = 256;
    private static final long[] NONE = new long[0];

    /** A summary that names no local MACs. */
    public Summary(final int kind, final String daemon, final List<TrafficMatrix.Entry> entries) {
        this(kind, daemon, entries, NONE);
    }

    /** Encodes; keeps the {@link #MAX_ENTRIES} heaviest entries. */
    public byte[] encode() {
        List<TrafficMatrix.Entry> list = entries;
        if (list.size() > MAX_ENTRIES) {
            list = new ArrayList<>(entries);
            list.sort(Comparator.comparingLong(TrafficMatrix.Entry::bytes).reversed());
            list = list.subList(0, MAX_ENTRIES);
        }
        final byte[] name = daemon.getBytes(StandardCharsets.UTF_8);
        final int macs = Math.min(localMacs.length, MAX_LOCAL_MACS);
        final ByteBuffer b = ByteBuffer.allocate(2 + name.length + 4 + 32 * list.size() + 2 + 8 * macs);
        b.put((byte) kind).put((byte) name.length).put(name).putInt(list.size());
        for (final TrafficMatrix.Entry e : list) {
            b.putLong(e.srcMac()).putLong(e.dstMac()).putLong(e.bytes()).putLong(e.frames());
        }
        b.putShort((short) macs);
        for (int i = 0; i < macs; i++) {
            b.putLong(localMacs[i]);
        }
        return b.array();
    }

    /**
     * Decodes a summary payload.
     *
     * @throws IllegalArgumentException if the bytes are not a well-formed summary
     */
    public static Summary decode(final byte[] payload) {
        final ByteBuffer b = ByteBuffer.wrap(payload);
        if (b.remaining() < 6) {
            throw new IllegalArgumentException("summary too short (" + payload.length + " bytes)");
        }
        final int kind = b.get();
        if (kind != LOCAL && kind != GLOBAL) {
            throw new IllegalArgumentException("unknown summary kind " + kind);
        }
        final int n = b.get() & 0xFF;
        if (b.remaining() < n + 4) {
            throw new IllegalArgumentException("summary truncated in the daemon name");
        }
        final byte[] name = new byte[n];
        b.get(name);
        final int count = b.getInt();
        if (count < 0 || count > MAX_ENTRIES || b.remaining() < 32L * count) {
            throw new IllegalArgumentException("summary says " + count + " entries but carries " + b.remaining() + " bytes");
        }
        final List<TrafficMatrix.Entry> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final long src = b.getLong();
            final long dst = b.getLong();
            final long bytes = b.getLong();
            final long frames = b.getLong();
            if (bytes < 0 || frames < 0) {
                throw new IllegalArgumentException("summary entry " + i + " has negative counts");
            }
            list.add(new TrafficMatrix.Entry(src, dst, bytes, frames));
        }
        long[] macs = NONE;
        if (b.hasRemaining()) {
            final int m = b.remaining() >= 2 ? b.getShort() & 0xFFFF : -1;
            if (m < 0 || m > MAX_LOCAL_MACS || b.remaining() != 8L * m) {
                throw new IllegalArgumentException("summary's local MAC list is malformed (" + b.remaining() + " bytes left)");
            }
            macs = new long[m];
            for (int i = 0; i < m; i++) {
                macs[i] = b.getLong();
            }
        }
        return new Summary(kind, new String(name, StandardCharsets.UTF_8), list, macs);
    }
}
