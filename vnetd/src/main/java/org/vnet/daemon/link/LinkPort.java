package org.vnet.daemon.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.switching.Port;
import org.vnet.daemon.telemetry.PortCounters;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.Checksums;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.daemon.wire.KernelOffer;
import org.vnet.daemon.wire.VirtioNetHeader;

/**
 * A link to a peer daemon as seen by the switch: frames sent to it are encapsulated behind a
 * {@link FrameHeader} and written to the link's channel. A GSO super-frame from a TAP travels
 * whole, with its {@link VirtioNetHeader}, for the peer's TAP to segment; frames larger than the
 * link can carry are counted and dropped. Data-plane thread only.
 */
public abstract class LinkPort extends Port {
    private final LinkSpec spec;
    private final int maxFrame;
    private final KernelOffer offer = new KernelOffer();
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

    /** What the peer's kernel receiver takes, as its latest {@link KernelOffer} said (UDP links). */
    public final KernelOffer offer() {
        return offer;
    }

    /** Largest Ethernet frame this link carries. */
    public final int maxFrame() {
        return maxFrame;
    }

    @Override
    public void send(final ByteBuf frame, final int offset, final int length, final int vnetHdr) {
        final boolean offloaded = vnetHdr >= 0 && !VirtioNetHeader.isTrivial(frame, vnetHdr);
        final boolean gso = offloaded && VirtioNetHeader.isGso(frame, vnetHdr);
        if (offloaded && (gso || carriesChecksumOffload())) {
            if (FrameHeader.LENGTH + VirtioNetHeader.LENGTH + length > maxMessage()) {
                oversize();
                return;
            }
            final ByteBuf msg = allocator().directBuffer(FrameHeader.LENGTH + VirtioNetHeader.LENGTH + length);
            FrameHeader.write(msg, FrameHeader.TYPE_DATA, FrameHeader.FLAG_VNET_HDR, VirtioNetHeader.LENGTH + length);
            msg.writeBytes(frame, vnetHdr, VirtioNetHeader.LENGTH);
            msg.writeBytes(frame, offset, length);
            queue(msg, length);
            return;
        }
        if (length > maxFrame) {
            oversize();
            return;
        }
        final ByteBuf msg = allocator().directBuffer(FrameHeader.LENGTH + length);
        FrameHeader.write(msg, FrameHeader.TYPE_DATA, length);
        msg.writeBytes(frame, offset, length);
        if (offloaded && VirtioNetHeader.needsChecksum(frame, vnetHdr)
            && !Checksums.complete(msg, FrameHeader.LENGTH, length, VirtioNetHeader.checksumStart(frame, vnetHdr),
                VirtioNetHeader.checksumOffset(frame, vnetHdr))) {
            msg.release();
            telemetry.increment(SystemCounter.MALFORMED_MESSAGES);
            counters().dropped();
            return;
        }
        queue(msg, length);
    }

    private void queue(final ByteBuf msg, final int length) {
        if (write(msg)) {
            counters().sent(length);
        } else {
            counters().dropped();
        }
    }

    private void oversize() {
        telemetry.increment(SystemCounter.OVERSIZE_FRAMES);
        counters().dropped();
    }

    /**
     * Whether frames with a partial checksum travel with their {@code virtio_net_hdr} (the peer's
     * TAP finishes the checksum) rather than being finished here. Streams carry it, since size is
     * no concern there; UDP finishes it so that a full-size frame still fits one datagram.
     */
    protected abstract boolean carriesChecksumOffload();

    /** Largest message (vnet header + payload) the link carries. */
    protected abstract int maxMessage();

    /**
     * Sends a control message of {@code type} (e.g. a SUMMARY) if the link is up; it is not
     * counted as a frame. Data-plane thread only.
     */
    public final void sendControl(final int type, final byte[] payload) {
        if (!canSendControl() || FrameHeader.LENGTH + payload.length > maxMessage()) {
            return;
        }
        final ByteBuf msg = allocator().directBuffer(FrameHeader.LENGTH + payload.length);
        FrameHeader.write(msg, type, payload.length);
        msg.writeBytes(payload);
        if (write(msg)) {
            flush();
        }
    }

    /** Whether control messages can go out now: by default while the link is up. */
    protected boolean canSendControl() {
        return "up".equals(state());
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
