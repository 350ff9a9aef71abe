package org.vnet.bench.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import org.vnet.daemon.switching.Port;
import org.vnet.daemon.telemetry.PortCounters;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.FrameHeader;

/**
 * A link port without a channel: {@link #send} does what {@code LinkPort.send} does (size check,
 * a direct buffer from the allocator, the {@link FrameHeader}, the copy of the frame, the
 * counters) and then releases the message where the real port would write it to its channel.
 */
public final class EncapsulatingPort extends Port {
    private final ByteBufAllocator allocator;
    private final int maxFrame;
    private final Telemetry telemetry;
    private long checksum;

    /**
     * @param id        port id
     * @param name      link name
     * @param link      true to behave as a link for split horizon
     * @param maxFrame  largest frame sent, larger ones are counted and dropped
     * @param telemetry daemon counters
     * @param allocator where the encapsulated messages come from
     */
    public EncapsulatingPort(final int id, final String name, final boolean link, final int maxFrame,
                             final Telemetry telemetry, final ByteBufAllocator allocator) {
        super(id, name, link, telemetry.portCounters(link ? "link" : "if", name));
        this.allocator = allocator;
        this.maxFrame = maxFrame;
        this.telemetry = telemetry;
    }

    @Override
    public void send(final ByteBuf frame, final int offset, final int length, final int vnetHdr) {
        final PortCounters counters = counters();
        if (length > maxFrame) {
            telemetry.increment(SystemCounter.OVERSIZE_FRAMES);
            counters.dropped();
            return;
        }
        final ByteBuf msg = allocator.directBuffer(FrameHeader.LENGTH + length);
        FrameHeader.write(msg, FrameHeader.TYPE_DATA, length);
        msg.writeBytes(frame, offset, length);
        checksum += msg.writerIndex();
        msg.release();
        counters.sent(length);
    }

    /** Sum of the message lengths built, so that no copy can be optimised away. */
    public long checksum() {
        return checksum;
    }

    @Override
    public String state() {
        return "up";
    }
}
