package org.vnet.inference.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes small pcap and pcapng files for reader tests.
 */
public final class CaptureWriter
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;
    private final boolean pcapng;
    private final boolean nanos;

    private CaptureWriter(final ByteOrder order, final boolean pcapng, final boolean nanos)
    {
        this.order = order;
        this.pcapng = pcapng;
        this.nanos = nanos;
    }

    public static CaptureWriter pcap(final ByteOrder order, final boolean nanos, final int linkType)
    {
        final CaptureWriter w = new CaptureWriter(order, false, nanos);
        final ByteBuffer b = w.buffer(24);
        b.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0)
            .putInt(65535).putInt(linkType);
        w.write(b);
        return w;
    }

    /** A pcapng section with one interface; {@code tsresol} is the raw option value (-1 for none). */
    public static CaptureWriter pcapng(final ByteOrder order, final int linkType, final int tsresol)
    {
        final CaptureWriter w = new CaptureWriter(order, true, false);
        final ByteBuffer shb = w.buffer(28);
        shb.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short)1).putShort((short)0).putLong(-1L)
            .putInt(28);
        w.write(shb);
        w.addInterface(linkType, tsresol);
        return w;
    }

    public CaptureWriter addInterface(final int linkType, final int tsresol)
    {
        final int length = tsresol >= 0 ? 20 + 8 + 4 : 20;
        final ByteBuffer idb = buffer(length);
        idb.putInt(1).putInt(length).putShort((short)linkType).putShort((short)0).putInt(65535);
        if (tsresol >= 0)
        {
            idb.putShort((short)9).putShort((short)1).put((byte)tsresol).put((byte)0).putShort((short)0);
            idb.putInt(0);
        }
        idb.putInt(length);
        write(idb);
        return this;
    }

    /** Add a packet; {@code ticks} are in the file's unit (pcap: us or ns; pcapng: the interface's resolution). */
    public CaptureWriter packet(final long ticks, final byte[] data)
    {
        return packet(ticks, data, 0, -1);
    }

    public CaptureWriter packet(final long ticks, final byte[] data, final int interfaceId, final int epbFlags)
    {
        if (!pcapng)
        {
            final ByteBuffer b = buffer(16 + data.length);
            final long unit = nanos ? 1_000_000_000L : 1_000_000L;
            b.putInt((int)(ticks / unit)).putInt((int)(ticks % unit)).putInt(data.length).putInt(data.length).put(data);
            write(b);
        }
        else
        {
            final int padded = (data.length + 3) & ~3;
            final int length = 32 + padded + (epbFlags >= 0 ? 12 : 0);
            final ByteBuffer b = buffer(length);
            b.putInt(6).putInt(length).putInt(interfaceId).putInt((int)(ticks >>> 32)).putInt((int)ticks)
                .putInt(data.length).putInt(data.length).put(data);
            b.position(28 + padded);
            if (epbFlags >= 0)
            {
                b.putShort((short)2).putShort((short)4).putInt(epbFlags).putInt(0);
            }
            b.putInt(length);
            write(b);
        }
        return this;
    }

    public CaptureWriter simplePacket(final byte[] data)
    {
        final int padded = (data.length + 3) & ~3;
        final ByteBuffer b = buffer(16 + padded);
        b.putInt(3).putInt(16 + padded).putInt(data.length).put(data);
        b.position(12 + padded);
        b.putInt(16 + padded);
        write(b);
        return this;
    }

    /** A block of an unknown type that readers must skip. */
    public CaptureWriter customBlock(final int payload)
    {
        final ByteBuffer b = buffer(12 + payload);
        b.putInt(0x0BAD).putInt(12 + payload);
        b.position(8 + payload);
        b.putInt(12 + payload);
        write(b);
        return this;
    }

    public byte[] bytes()
    {
        return out.toByteArray();
    }

    private ByteBuffer buffer(final int length)
    {
        return ByteBuffer.allocate(length).order(order);
    }

    private void write(final ByteBuffer b)
    {
        out.write(b.array(), 0, b.capacity());
    }

    /** Linux cooked v1 header + payload of the given EtherType. */
    public static byte[] sll(final int packetType, final long srcMac, final int etherType, final byte[] l3)
    {
        final ByteBuffer b = ByteBuffer.allocate(16 + l3.length);
        b.putShort((short)packetType).putShort((short)1).putShort((short)6);
        Frames.putMac(b, srcMac);
        b.putShort((short)0).putShort((short)etherType).put(l3);
        return b.array();
    }

    /** Linux cooked v2 header + payload of the given EtherType. */
    public static byte[] sll2(final int packetType, final int ifIndex, final long srcMac, final int etherType,
        final byte[] l3)
    {
        final ByteBuffer b = ByteBuffer.allocate(20 + l3.length);
        b.putShort((short)etherType).putShort((short)0).putInt(ifIndex).putShort((short)1).put((byte)packetType)
            .put((byte)6);
        Frames.putMac(b, srcMac);
        b.putShort((short)0).put(l3);
        return b.array();
    }

    /** The bytes of a frame after its 14-byte Ethernet header. */
    public static byte[] stripEthernet(final byte[] frame)
    {
        final byte[] l3 = new byte[frame.length - 14];
        System.arraycopy(frame, 14, l3, 0, l3.length);
        return l3;
    }
}
