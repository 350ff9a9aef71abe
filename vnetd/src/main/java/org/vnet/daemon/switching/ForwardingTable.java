package org.vnet.daemon.switching;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.agrona.concurrent.status.AtomicCounter;
import org.vnet.daemon.model.MacMatch;

/**
 * The operator's forwarding rules compiled against port ids, best rank first. Immutable; the
 * conductor builds a new table for every rule or port change and hands it to the data plane.
 */
public final class ForwardingTable {
    /** A rule resolved to port ids. {@code from} is -1 for any source. */
    public record Entry(int ruleId, MacMatch src, MacMatch dst, int from, int to, int rank, AtomicCounter counter) {
    }

    /** The table with no rules. */
    public static final ForwardingTable EMPTY = new ForwardingTable(List.of());

    /** Highest rank first; a stable sort keeps the given order among equal ranks. */
    private static final Comparator<Entry> BY_RANK_DESCENDING = (a, b) -> Integer.compare(b.rank(), a.rank());

    private final Entry[] entries;
    private final long[] srcAddr;
    private final long[] dstAddr;
    private final byte[] srcKind;
    private final byte[] dstKind;
    private final int[] from;
    private final int[] to;
    private final int[] rank;
    private final AtomicCounter[] counters;

    /** Compiles {@code rules}: sorted by rank, highest first, stable for equal ranks. */
    public ForwardingTable(final List<Entry> rules) {
        entries = rules.toArray(new Entry[0]);
        Arrays.sort(entries, BY_RANK_DESCENDING);
        final int n = entries.length;
        srcAddr = new long[n];
        dstAddr = new long[n];
        srcKind = new byte[n];
        dstKind = new byte[n];
        from = new int[n];
        to = new int[n];
        rank = new int[n];
        counters = new AtomicCounter[n];
        for (int i = 0; i < n; i++) {
            final Entry e = entries[i];
            srcAddr[i] = e.src().address();
            dstAddr[i] = e.dst().address();
            srcKind[i] = (byte) e.src().kind().ordinal();
            dstKind[i] = (byte) e.dst().kind().ordinal();
            from[i] = e.from();
            to[i] = e.to();
            rank[i] = e.rank();
            counters[i] = e.counter();
        }
    }

    /** Number of rules. */
    public int size() {
        return entries.length;
    }

    /**
     * Finds the best-ranked rules matching a frame and writes their distinct egress ports (never
     * {@code ingress}) into {@code outPorts}, counting a frame on each rule that contributes.
     *
     * @return number of ports written, 0 when no rule matches; -1 when rules matched but every
     *         one pointed back at the ingress port
     */
    public int match(final long src, final long dst, final int ingress, final int[] outPorts) {
        return match(src, dst, ingress, outPorts, true);
    }

    /** As {@link #match(long, long, int, int[])}; counts frames on the rules only when {@code count}. */
    public int match(final long src, final long dst, final int ingress, final int[] outPorts, final boolean counting) {
        int best = -1;
        int count = 0;
        boolean matched = false;
        for (int i = 0; i < entries.length; i++) {
            if (best >= 0 && rank[i] < best) {
                break;
            }
            if (!field(srcKind[i], srcAddr[i], src) || !field(dstKind[i], dstAddr[i], dst)
                || (from[i] >= 0 && from[i] != ingress)) {
                continue;
            }
            best = rank[i];
            matched = true;
            final int port = to[i];
            if (port == ingress || contains(outPorts, count, port) || count == outPorts.length) {
                continue;
            }
            outPorts[count++] = port;
            if (counting && counters[i] != null) {
                counters[i].incrementRelease();
            }
        }
        return count == 0 && matched ? -1 : count;
    }

    /**
     * Whether a rule that may match a frame from a link (any source MAC, destination {@code dst})
     * sends it to a port other than {@code port}.
     *
     * @param ports the switch's ports by id (to tell links from interfaces)
     */
    public boolean diverts(final long dst, final int port, final Port[] ports) {
        for (int i = 0; i < entries.length; i++) {
            final boolean fromLink = from[i] < 0 || (ports[from[i]] != null && ports[from[i]].isLink());
            if (fromLink && to[i] != port && field(dstKind[i], dstAddr[i], dst)) {
                return true;
            }
        }
        return false;
    }

    private static boolean field(final byte kind, final long address, final long mac) {
        return switch (kind) {
            case 0 -> true;
            case 1 -> mac == address;
            default -> mac != address;
        };
    }

    private static boolean contains(final int[] ports, final int count, final int port) {
        for (int i = 0; i < count; i++) {
            if (ports[i] == port) {
                return true;
            }
        }
        return false;
    }
}
