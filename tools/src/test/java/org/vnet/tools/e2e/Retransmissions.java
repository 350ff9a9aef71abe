package org.vnet.tools.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts TCP payload segments that resend bytes already sent on their flow (retransmissions, spurious or not), per
 * source IPv4 address, in a classic pcap of Ethernet frames such as {@link PcapMerge} writes. The validation reports
 * them because every one the engine takes for a new exchange round inflates RIR.
 */
final class Retransmissions {
    private Retransmissions() {
    }

    /** Per source address ("10.77.0.1"), the number of payload segments that ended at or below the flow's highest. */
    static Map<String, Integer> count(final Path pcap) throws IOException {
        final ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        if (in.getInt(0) != 0xA1B2C3D4 && in.getInt(0) != 0xA1B23C4D) {
            throw new IOException(pcap + ": not a little-endian classic pcap file");
        }
        final Map<String, Long> highest = new HashMap<>();
        final Map<String, Integer> counts = new HashMap<>();
        int pos = 24;
        while (pos + 16 <= in.limit()) {
            final int captured = in.getInt(pos + 8);
            final int frame = pos + 16;
            pos = frame + captured;
            if (captured < 14 + 20 + 20 || pos > in.limit()) {
                continue;
            }
            final ByteBuffer f = in.duplicate().order(ByteOrder.BIG_ENDIAN);
            if ((f.getShort(frame + 12) & 0xFFFF) != 0x0800) {
                continue;
            }
            final int ip = frame + 14;
            final int ihl = (f.get(ip) & 0x0F) * 4;
            if (f.get(ip + 9) != 6 || ip + ihl + 20 > pos) {
                continue;
            }
            final int total = f.getShort(ip + 2) & 0xFFFF;
            final int tcp = ip + ihl;
            final int dataOffset = ((f.get(tcp + 12) >> 4) & 0x0F) * 4;
            final int payload = total - ihl - dataOffset;
            if (payload <= 0) {
                continue;
            }
            final String src = ipv4(f, ip + 12);
            final String flow = src + ":" + (f.getShort(tcp) & 0xFFFF) + ">" + ipv4(f, ip + 16) + ":"
                + (f.getShort(tcp + 2) & 0xFFFF);
            final long seq = f.getInt(tcp + 4) & 0xFFFF_FFFFL;
            final Long top = highest.get(flow);
            // sequence numbers relative to the flow's first segment are assumed not to wrap within a test run
            long end = seq + payload;
            if (top != null && end < top - 0x8000_0000L) {
                end += 0x1_0000_0000L;
            }
            if (top != null && end <= top) {
                counts.merge(src, 1, Integer::sum);
            } else {
                highest.put(flow, end);
            }
        }
        return counts;
    }

    private static String ipv4(final ByteBuffer f, final int at) {
        return (f.get(at) & 0xFF) + "." + (f.get(at + 1) & 0xFF) + "." + (f.get(at + 2) & 0xFF) + "."
            + (f.get(at + 3) & 0xFF);
    }
}
