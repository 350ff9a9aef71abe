package org.vnet.inference.capture;

import org.agrona.concurrent.UnsafeBuffer;
import org.vnet.inference.event.EventEncoder;
import org.vnet.inference.event.EventHandler;
import org.vnet.inference.event.EventRecord;

import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/**
 * Streaming reader of classic pcap files (microsecond and nanosecond magic, both byte orders) in constant memory.
 * Every packet becomes one {@link EventRecord} with port 0 (port = interface index for LINUX_SLL2) and direction
 * unknown unless the link layer says (Linux cooked captures).
 */
public final class PcapReader implements CaptureSource
{
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final int MAX_RECORD = 256 * 1024;
    /** The longest record the read window holds, whatever the file's snap length says. */
    private static final int MAX_WINDOW_RECORD = CaptureInput.CAPACITY - RECORD_HEADER;

    private final CaptureInput input;
    private final ByteOrder order;
    private final long nanosPerUnit;
    private final int linkType;
    private final int snapLength;
    private final UnsafeBuffer recordBuffer = new UnsafeBuffer(new byte[EventRecord.LENGTH]);
    private final EventEncoder encoder = new EventEncoder();
    private final EventRecord record = new EventRecord();
    private long recordNumber;
    private boolean exhausted;

    /**
     * Open a pcap stream and read its file header.
     *
     * @param channel positioned at the start of the file; closed by {@link #close()}.
     * @throws CaptureFormatException if the header is missing, corrupt or names an unsupported link type.
     */
    public PcapReader(final ReadableByteChannel channel)
    {
        this(new CaptureInput(channel));
    }

    PcapReader(final CaptureInput input)
    {
        this.input = input;
        if (!input.ensure(FILE_HEADER))
        {
            final int got = input.available();
            input.close();
            throw new CaptureFormatException(got == 0 ? "empty capture file" :
                "truncated pcap file header (" + got + " of 24 bytes)", 0, 0);
        }
        final UnsafeBuffer b = input.buffer();
        final int index = input.index();
        final int magicLe = b.getInt(index, ByteOrder.LITTLE_ENDIAN);
        final int magicBe = b.getInt(index, ByteOrder.BIG_ENDIAN);
        if (magicLe == MAGIC_MICROS || magicLe == MAGIC_NANOS)
        {
            order = ByteOrder.LITTLE_ENDIAN;
            nanosPerUnit = magicLe == MAGIC_NANOS ? 1 : 1000;
        }
        else if (magicBe == MAGIC_MICROS || magicBe == MAGIC_NANOS)
        {
            order = ByteOrder.BIG_ENDIAN;
            nanosPerUnit = magicBe == MAGIC_NANOS ? 1 : 1000;
        }
        else
        {
            input.close();
            throw new CaptureFormatException(
                String.format("not a pcap file (magic 0x%08x)", magicBe), 0, 0);
        }
        final int major = b.getShort(index + 4, order) & 0xFFFF;
        snapLength = b.getInt(index + 16, order);
        linkType = b.getInt(index + 20, order) & 0x03FF_FFFF;
        if (major != 2)
        {
            input.close();
            throw new CaptureFormatException("unsupported pcap version " + major, 0, 0);
        }
        if (!LinkTypes.isSupported(linkType))
        {
            input.close();
            throw new CaptureFormatException(LinkTypes.unsupported(linkType), 0, 0);
        }
        input.advance(FILE_HEADER);
    }

    public int linkType()
    {
        return linkType;
    }

    public int snapLength()
    {
        return snapLength;
    }

    /** Number of packet records read so far. */
    public long recordsRead()
    {
        return recordNumber;
    }

    @Override
    public long packetsRead()
    {
        return recordNumber;
    }

    @Override
    public long bytesRead()
    {
        return input.position();
    }

    /**
     * {@inheritDoc}
     *
     * @throws CaptureFormatException on a truncated or corrupt record, naming its offset and number.
     */
    @Override
    public int poll(final EventHandler handler, final int limit)
    {
        int count = 0;
        while (count < limit && !exhausted)
        {
            final long offset = input.position();
            if (!input.ensure(RECORD_HEADER))
            {
                exhausted = true;
                if (input.available() > 0)
                {
                    throw new CaptureFormatException("truncated packet record header (" + input.available() +
                        " of 16 bytes)", offset, recordNumber + 1);
                }
                break;
            }
            final UnsafeBuffer b = input.buffer();
            final int index = input.index();
            final long seconds = b.getInt(index, order) & 0xFFFF_FFFFL;
            final long fraction = b.getInt(index + 4, order) & 0xFFFF_FFFFL;
            final int captured = b.getInt(index + 8, order);
            final int wire = b.getInt(index + 12, order);
            final long maxCaptured = Math.min(Math.max(MAX_RECORD, snapLength), MAX_WINDOW_RECORD);
            if (captured < 0 || captured > maxCaptured || (fraction * nanosPerUnit) >= 1_000_000_000L)
            {
                exhausted = true;
                throw new CaptureFormatException("corrupt packet record header (captured length " +
                    (captured & 0xFFFF_FFFFL) + ", fraction " + fraction + ")", offset, recordNumber + 1);
            }
            if (!input.ensure(RECORD_HEADER + captured))
            {
                exhausted = true;
                throw new CaptureFormatException("truncated packet data (" + (input.available() - RECORD_HEADER) +
                    " of " + captured + " bytes)", offset, recordNumber + 1);
            }
            recordNumber++;
            final long timeNs = seconds * 1_000_000_000L + fraction * nanosPerUnit;
            LinkTypes.encode(encoder, linkType, recordBuffer, timeNs, 0, EventRecord.DIRECTION_UNKNOWN,
                input.buffer(), input.index() + RECORD_HEADER, captured, Math.max(wire, captured));
            input.advance(RECORD_HEADER + captured);
            handler.onEvent(record.wrap(recordBuffer, 0));
            count++;
        }
        return count;
    }

    @Override
    public boolean isExhausted()
    {
        return exhausted;
    }

    @Override
    public void close()
    {
        exhausted = true;
        input.close();
    }
}
