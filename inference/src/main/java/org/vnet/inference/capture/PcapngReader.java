package org.vnet.inference.capture;

import org.agrona.concurrent.UnsafeBuffer;
import org.vnet.inference.event.EventEncoder;
import org.vnet.inference.event.EventHandler;
import org.vnet.inference.event.EventRecord;

import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming reader of pcapng files in constant memory: section headers (either byte order, several sections),
 * interface descriptions with {@code if_tsresol}, enhanced, simple and obsolete packet blocks; other blocks are
 * skipped. The event's port is the interface id (the interface index for LINUX_SLL2) and its direction comes from
 * {@code epb_flags} when present.
 */
public final class PcapngReader implements CaptureSource
{
    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int INTERFACE_DESCRIPTION = 1;
    static final int OBSOLETE_PACKET = 2;
    static final int SIMPLE_PACKET = 3;
    static final int ENHANCED_PACKET = 6;
    private static final int MAX_BLOCK = CaptureInput.CAPACITY;

    private static final class Interface
    {
        final int linkType;
        final int snapLength;
        final boolean binaryResolution;
        final int resolutionExponent;

        Interface(final int linkType, final int snapLength, final boolean binaryResolution, final int exponent)
        {
            this.linkType = linkType;
            this.snapLength = snapLength;
            this.binaryResolution = binaryResolution;
            this.resolutionExponent = exponent;
        }

        long toNanos(final long ticks)
        {
            if (binaryResolution)
            {
                final long whole = ticks >>> resolutionExponent;
                final long fraction = ticks & ((1L << resolutionExponent) - 1);
                return whole * 1_000_000_000L + (long)(fraction * (1e9 / (1L << resolutionExponent)));
            }
            if (resolutionExponent <= 9)
            {
                long factor = 1;
                for (int i = resolutionExponent; i < 9; i++)
                {
                    factor *= 10;
                }
                return ticks * factor;
            }
            long divisor = 1;
            for (int i = 9; i < resolutionExponent; i++)
            {
                divisor *= 10;
            }
            return ticks / divisor;
        }
    }

    private final CaptureInput input;
    private final List<Interface> interfaces = new ArrayList<>();
    private final UnsafeBuffer recordBuffer = new UnsafeBuffer(new byte[EventRecord.LENGTH]);
    private final EventEncoder encoder = new EventEncoder();
    private final EventRecord record = new EventRecord();
    private ByteOrder order;
    private long blockNumber;
    private long packets;
    private boolean exhausted;

    /**
     * Open a pcapng stream and read its first section header.
     *
     * @param channel positioned at the start of the file; closed by {@link #close()}.
     * @throws CaptureFormatException if the file is empty or does not start with a section header block.
     */
    public PcapngReader(final ReadableByteChannel channel)
    {
        this(new CaptureInput(channel));
    }

    PcapngReader(final CaptureInput input)
    {
        this.input = input;
        if (!input.ensure(12))
        {
            final int got = input.available();
            input.close();
            throw new CaptureFormatException(got == 0 ? "empty capture file" :
                "truncated pcapng section header (" + got + " bytes)", 0, 0);
        }
        if (input.buffer().getInt(input.index(), ByteOrder.LITTLE_ENDIAN) != SECTION_HEADER)
        {
            input.close();
            throw new CaptureFormatException("not a pcapng file (no section header block)", 0, 0);
        }
    }

    @Override
    public long packetsRead()
    {
        return packets;
    }

    @Override
    public long bytesRead()
    {
        return input.position();
    }

    /**
     * {@inheritDoc}
     *
     * @throws CaptureFormatException on a truncated or corrupt block, naming its offset and block number, or on a
     *                                packet of an interface with an unsupported link type.
     */
    @Override
    public int poll(final EventHandler handler, final int limit)
    {
        int count = 0;
        while (count < limit && !exhausted)
        {
            final long offset = input.position();
            if (!input.ensure(12))
            {
                exhausted = true;
                if (input.available() > 0)
                {
                    throw new CaptureFormatException("truncated block header (" + input.available() + " bytes)",
                        offset, blockNumber + 1);
                }
                break;
            }
            blockNumber++;
            final UnsafeBuffer b = input.buffer();
            final int index = input.index();
            final int rawType = b.getInt(index, ByteOrder.LITTLE_ENDIAN);
            final int type = rawType == SECTION_HEADER || order == null ? rawType : b.getInt(index, order);
            if (type == SECTION_HEADER)
            {
                final int magic = b.getInt(index + 8, ByteOrder.LITTLE_ENDIAN);
                if (magic == BYTE_ORDER_MAGIC)
                {
                    order = ByteOrder.LITTLE_ENDIAN;
                }
                else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC)
                {
                    order = ByteOrder.BIG_ENDIAN;
                }
                else
                {
                    exhausted = true;
                    throw new CaptureFormatException(String.format("corrupt section header (byte-order magic " +
                        "0x%08x)", magic), offset, blockNumber);
                }
                interfaces.clear();
            }
            else if (order == null)
            {
                exhausted = true;
                throw new CaptureFormatException("block before the first section header", offset, blockNumber);
            }
            final long length = b.getInt(index + 4, order) & 0xFFFF_FFFFL;
            if (length < 12 || (length & 3) != 0)
            {
                exhausted = true;
                throw new CaptureFormatException("corrupt block length " + length, offset, blockNumber);
            }
            final boolean isPacket = type == ENHANCED_PACKET || type == SIMPLE_PACKET || type == OBSOLETE_PACKET;
            if (!isPacket && type != INTERFACE_DESCRIPTION && type != SECTION_HEADER)
            {
                if (!input.skip(length))
                {
                    exhausted = true;
                    throw new CaptureFormatException("truncated block (type " + type + ", length " + length + ")",
                        offset, blockNumber);
                }
                continue;
            }
            if (length > MAX_BLOCK)
            {
                exhausted = true;
                throw new CaptureFormatException("corrupt block length " + length + " (limit " + MAX_BLOCK + ")",
                    offset, blockNumber);
            }
            final int blockLength = (int)length;
            if (!input.ensure(blockLength))
            {
                exhausted = true;
                throw new CaptureFormatException("truncated block (" + input.available() + " of " + blockLength +
                    " bytes)", offset, blockNumber);
            }
            final int start = input.index();
            if ((input.buffer().getInt(start + blockLength - 4, order) & 0xFFFF_FFFFL) != length)
            {
                exhausted = true;
                throw new CaptureFormatException("corrupt block (trailing length differs from " + length + ")",
                    offset, blockNumber);
            }
            if (type == INTERFACE_DESCRIPTION)
            {
                readInterface(start, blockLength, offset);
            }
            else if (isPacket && readPacket(type, start, blockLength, offset))
            {
                packets++;
                count++;
                input.advance(blockLength);
                handler.onEvent(record.wrap(recordBuffer, 0));
                continue;
            }
            input.advance(blockLength);
        }
        return count;
    }

    private void readInterface(final int start, final int length, final long offset)
    {
        final UnsafeBuffer b = input.buffer();
        if (length < 20)
        {
            exhausted = true;
            throw new CaptureFormatException("corrupt interface description block", offset, blockNumber);
        }
        final int linkType = b.getShort(start + 8, order) & 0xFFFF;
        final int snapLength = b.getInt(start + 12, order);
        boolean binary = false;
        int exponent = 6;
        int option = start + 16;
        final int end = start + length - 4;
        while (option + 4 <= end)
        {
            final int code = b.getShort(option, order) & 0xFFFF;
            final int optionLength = b.getShort(option + 2, order) & 0xFFFF;
            if (code == 0)
            {
                break;
            }
            if (option + 4 + optionLength > end)
            {
                exhausted = true;
                throw new CaptureFormatException("corrupt interface option", offset, blockNumber);
            }
            if (code == 9 && optionLength >= 1)
            {
                final int value = b.getByte(option + 4) & 0xFF;
                binary = (value & 0x80) != 0;
                exponent = value & 0x7F;
                if ((binary && exponent > 62) || (!binary && exponent > 18))
                {
                    exhausted = true;
                    throw new CaptureFormatException("unsupported timestamp resolution " + value, offset, blockNumber);
                }
            }
            option += 4 + ((optionLength + 3) & ~3);
        }
        interfaces.add(new Interface(linkType, snapLength, binary, exponent));
    }

    private boolean readPacket(final int type, final int start, final int length, final long offset)
    {
        final UnsafeBuffer b = input.buffer();
        final int interfaceId;
        final long ticks;
        final int captured;
        final int wire;
        final int dataStart;
        if (type == SIMPLE_PACKET)
        {
            if (length < 16)
            {
                exhausted = true;
                throw new CaptureFormatException("corrupt simple packet block", offset, blockNumber);
            }
            interfaceId = 0;
            ticks = 0;
            wire = b.getInt(start + 8, order);
            dataStart = start + 12;
            final Interface first = interfaces.isEmpty() ? null : interfaces.get(0);
            final int room = length - 16;
            int cap = Math.min(wire, room);
            if (first != null && first.snapLength > 0)
            {
                cap = Math.min(cap, first.snapLength);
            }
            captured = cap;
        }
        else
        {
            if (length < 32)
            {
                exhausted = true;
                throw new CaptureFormatException("corrupt packet block", offset, blockNumber);
            }
            interfaceId = type == OBSOLETE_PACKET ? b.getShort(start + 8, order) & 0xFFFF : b.getInt(start + 8, order);
            ticks = ((b.getInt(start + 12, order) & 0xFFFF_FFFFL) << 32) | (b.getInt(start + 16, order) & 0xFFFF_FFFFL);
            captured = b.getInt(start + 20, order);
            wire = b.getInt(start + 24, order);
            dataStart = start + 28;
            if (captured < 0 || captured > length - 32)
            {
                exhausted = true;
                throw new CaptureFormatException("corrupt packet block (captured length " +
                    (captured & 0xFFFF_FFFFL) + " in a block of " + length + ")", offset, blockNumber);
            }
        }
        if (interfaceId < 0 || interfaceId >= interfaces.size())
        {
            exhausted = true;
            throw new CaptureFormatException("packet for undeclared interface " + interfaceId, offset, blockNumber);
        }
        final Interface description = interfaces.get(interfaceId);
        if (!LinkTypes.isSupported(description.linkType))
        {
            exhausted = true;
            throw new CaptureFormatException(LinkTypes.unsupported(description.linkType) + " on interface " +
                interfaceId, offset, blockNumber);
        }
        int direction = EventRecord.DIRECTION_UNKNOWN;
        if (type == ENHANCED_PACKET)
        {
            int option = dataStart + ((captured + 3) & ~3);
            final int end = start + length - 4;
            while (option + 4 <= end)
            {
                final int code = b.getShort(option, order) & 0xFFFF;
                final int optionLength = b.getShort(option + 2, order) & 0xFFFF;
                if (code == 0 || option + 4 + optionLength > end)
                {
                    break;
                }
                if (code == 2 && optionLength == 4)
                {
                    final int inbound = b.getInt(option + 4, order) & 0x3;
                    direction = inbound == 1 ? EventRecord.DIRECTION_RX :
                        inbound == 2 ? EventRecord.DIRECTION_TX : EventRecord.DIRECTION_UNKNOWN;
                }
                option += 4 + ((optionLength + 3) & ~3);
            }
        }
        LinkTypes.encode(encoder, description.linkType, recordBuffer, description.toNanos(ticks), interfaceId,
            direction, b, dataStart, captured, Math.max(wire, captured));
        return true;
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
