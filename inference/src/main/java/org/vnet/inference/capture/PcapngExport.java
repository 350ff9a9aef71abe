package org.vnet.inference.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.agrona.collections.Int2IntHashMap;
import org.vnet.inference.event.EventHandler;
import org.vnet.inference.event.EventRecord;
import org.vnet.inference.event.EventSource;
import org.vnet.inference.packet.Ethernet;
import org.vnet.inference.packet.IpProtocol;

/**
 * Writes packet events as a pcapng file Wireshark and tshark open. The journal records header
 * fields, not frames, so each packet is a frame <em>synthesised</em> from its record: the Ethernet
 * header (with the 802.1Q tag if there was one), then for IPv4 a 20-byte header (no options, the
 * record's id, TTL and protocol, a correct checksum; a non-first fragment gets fragment offset 1
 * and no transport header), for IPv6 a 40-byte header (no extension headers), then a 20-byte TCP
 * header (ports, seq, ack, flags, window; no options, checksum 0), an 8-byte UDP header (checksum
 * 0) or an 8-byte ICMP header (type, code). Payload bytes are not written: the captured length is
 * the headers' length and the original length the frame's length on the wire, so Wireshark marks
 * every packet as cut short. IP total lengths count the recorded payload, so they match the wire
 * unless the original had IP or TCP options. Each observer port becomes one interface named
 * "port N"; the record's direction becomes the EPB inbound/outbound flag; times are nanoseconds.
 */
public final class PcapngExport implements EventHandler, AutoCloseable {
    private static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 0x00000001;
    private static final int EPB = 0x00000006;
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int SNAP_LENGTH = 262_144;
    private static final int MAX_HEADERS = 14 + 4 + 40 + 20;

    private final OutputStream out;
    private final ByteBuffer block = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer frame = ByteBuffer.allocate(MAX_HEADERS).order(ByteOrder.BIG_ENDIAN);
    private final Int2IntHashMap interfaces = new Int2IntHashMap(-1);
    private final byte[] address = new byte[16];
    private long packets;

    /** Writes the section header to {@code out}; close this to flush (it does not close {@code out}). */
    public PcapngExport(final OutputStream out) {
        this.out = out;
        block.clear();
        block.putInt(SHB).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L).putInt(28);
        flushBlock();
    }

    /** Exports every event of {@code source} until it is exhausted; returns the packet count. */
    public static long export(final EventSource source, final OutputStream out) {
        try (PcapngExport export = new PcapngExport(out)) {
            while (!source.isExhausted()) {
                if (source.poll(export, 4096) == 0 && !source.isExhausted()) {
                    Thread.onSpinWait();
                }
            }
            return export.packets();
        }
    }

    @Override
    public void onEvent(final EventRecord r) {
        final int iface = interfaceOf(r.port());
        final int captured = synthesise(r);
        final int padded = (captured + 3) & ~3;
        final int options = r.direction() == EventRecord.DIRECTION_UNKNOWN ? 0 : 8;
        final int length = 32 + padded + options + (options > 0 ? 4 : 0);
        final long t = r.timeNs();
        block.clear();
        block.putInt(EPB).putInt(length).putInt(iface).putInt((int) (t >>> 32)).putInt((int) t)
            .putInt(captured).putInt(Math.max(captured, r.frameLength()));
        block.put(frame.array(), 0, captured);
        for (int i = captured; i < padded; i++) {
            block.put((byte) 0);
        }
        if (options > 0) {
            // epb_flags: bits 0-1 are the direction, 01 inbound, 10 outbound; then opt_endofopt
            block.putShort((short) 2).putShort((short) 4).putInt(r.direction() == EventRecord.DIRECTION_RX ? 1 : 2);
            block.putInt(0);
        }
        block.putInt(length);
        flushBlock();
        packets++;
    }

    private int interfaceOf(final int port) {
        final int known = interfaces.get(port);
        if (known >= 0) {
            return known;
        }
        final int id = interfaces.size();
        interfaces.put(port, id);
        final byte[] name = ("port " + port).getBytes(StandardCharsets.US_ASCII);
        final int namePadded = (name.length + 3) & ~3;
        final int length = 16 + 4 + namePadded + 8 + 4 + 4;
        block.clear();
        block.putInt(IDB).putInt(length).putShort((short) LINKTYPE_ETHERNET).putShort((short) 0).putInt(SNAP_LENGTH);
        block.putShort((short) 2).putShort((short) name.length).put(name);
        for (int i = name.length; i < namePadded; i++) {
            block.put((byte) 0);
        }
        block.putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]); // if_tsresol: ns
        block.putInt(0);
        block.putInt(length);
        flushBlock();
        return id;
    }

    /** Writes the record's headers into {@code frame}; returns their length. */
    private int synthesise(final EventRecord r) {
        frame.clear();
        putMac(r.dstMac());
        putMac(r.srcMac());
        if (r.hasFlag(EventRecord.FLAG_VLAN)) {
            frame.putShort((short) Ethernet.ETHERTYPE_VLAN).putShort((short) r.vlanId());
        }
        frame.putShort((short) r.etherType());
        final boolean l4 = r.hasFlag(EventRecord.FLAG_L4) && !r.hasFlag(EventRecord.FLAG_FRAGMENT);
        final int protocol = r.ipProtocol();
        final int l4Header = !l4 ? 0 : protocol == IpProtocol.TCP ? 20
            : protocol == IpProtocol.UDP ? 8 : 0;
        final int l3Payload = Math.max(0, r.payloadLength()) + l4Header;
        if (r.hasFlag(EventRecord.FLAG_IPV4)) {
            final int ip = frame.position();
            frame.put((byte) 0x45).put((byte) 0).putShort((short) Math.min(0xFFFF, 20 + l3Payload))
                .putShort((short) r.ipId()).putShort((short) (r.hasFlag(EventRecord.FLAG_FRAGMENT) ? 1 : 0))
                .put((byte) r.ttl()).put((byte) protocol).putShort((short) 0);
            r.getSrcIp(address, 0);
            frame.put(address, 12, 4);
            r.getDstIp(address, 0);
            frame.put(address, 12, 4);
            frame.putShort(ip + 10, (short) ipv4Checksum(ip));
        } else if (r.hasFlag(EventRecord.FLAG_IPV6)) {
            frame.putInt(0x6000_0000 | (r.ipId() & 0x000F_FFFF)).putShort((short) Math.min(0xFFFF, l3Payload))
                .put((byte) protocol).put((byte) r.ttl());
            r.getSrcIp(address, 0);
            frame.put(address);
            r.getDstIp(address, 0);
            frame.put(address);
        } else {
            return frame.position();
        }
        if (!l4) {
            return frame.position();
        }
        if (protocol == IpProtocol.TCP) {
            frame.putShort((short) r.srcPort()).putShort((short) r.dstPort()).putInt(r.seq()).putInt(r.ack())
                .put((byte) 0x50).put((byte) r.tcpFlags()).putShort((short) r.tcpWindow()).putInt(0);
        } else if (protocol == IpProtocol.UDP) {
            frame.putShort((short) r.srcPort()).putShort((short) r.dstPort())
                .putShort((short) Math.min(0xFFFF, l3Payload)).putShort((short) 0);
        } else if ((protocol == IpProtocol.ICMP || protocol == IpProtocol.ICMPV6) && l3Payload >= 8) {
            frame.put((byte) r.srcPort()).put((byte) r.dstPort()).putShort((short) 0).putInt(0);
        }
        return frame.position();
    }

    private void putMac(final long mac) {
        frame.putShort((short) (mac >>> 32)).putInt((int) mac);
    }

    private int ipv4Checksum(final int start) {
        int sum = 0;
        for (int i = start; i < start + 20; i += 2) {
            sum += frame.getShort(i) & 0xFFFF;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    private void flushBlock() {
        try {
            out.write(block.array(), 0, block.position());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Packets written so far. */
    public long packets() {
        return packets;
    }

    /** Flushes the stream. */
    @Override
    public void close() {
        try {
            out.flush();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
