package org.vnet.daemon.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.switching.Port;
import org.vnet.daemon.telemetry.PortCounters;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.FrameHeader;

/**
 * A link to a peer daemon as seen by the switch: frames sent to it are encapsulated behind a
 * {@link FrameHeader} and written to the link's channel; frames larger than the link can carry
 * are counted and dropped. Data-plane thread only.
 */
public abstract class LinkPort extends Port {
    private final LinkSpec spec;
    private final int maxFrame;
    /** Daemon counters. */
    protected final Telemetry telemetry;

    /**
     * @param id        port id
     * @param spec      the link's configuration
     * @param maxFrame  largest Ethernet frame the link carries
     * @param counters  this link's counters
     * @param telemetry daemon counters
     */
    protected LinkPort(final int id, final LinkSpec spec, final int maxFrame, final PortCounters counters,
                       final Telemetry telemetry) {
        super(id, spec.name(), true, counters);
        this.spec = spec;
        this.maxFrame = maxFrame;
        this.telemetry = telemetry;
    }

    /** The link's configuration. */
    public final LinkSpec spec() {
        return spec;
    }

    /** Largest Ethernet frame this link carries. */
    public final int maxFrame() {
        return maxFrame;
    }

    @Override
    public final void send(final ByteBuf frame, final int offset, final int length) {
        if (length > maxFrame) {
            telemetry.increment(SystemCounter.OVERSIZE_FRAMES);
            counters().dropped();
            return;
        }
        final ByteBuf msg = allocator().directBuffer(FrameHeader.LENGTH + length);
        FrameHeader.write(msg, FrameHeader.TYPE_DATA, length);
        msg.writeBytes(frame, offset, length);
        if (write(msg)) {
            counters().sent(length);
        } else {
            counters().dropped();
        }
    }

    /** The allocator for outgoing messages. */
    protected abstract ByteBufAllocator allocator();

    /**
     * Queues an encapsulated message; takes ownership of {@code msg}.
     *
     * @return false (having released {@code msg} and counted why) if it could not be queued
     */
    protected abstract boolean write(ByteBuf msg);

    /** Stops the link for good (it was deleted or the daemon stops). */
    public abstract void close();
}
