package org.vnet.daemon.link;

import java.net.InetSocketAddress;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.telemetry.PortCounters;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.Checksums;
import org.vnet.daemon.wire.VirtioNetHeader;

/**
 * A link to a plain VXLAN endpoint (RFC 7348), such as a Linux VXLAN device: the slow path's
 * frames (broadcasts, the first frames of a flow) leave from the daemon's UDP socket behind an
 * 8-byte VXLAN header; established flows go through the kernel data path, which also receives
 * everything the endpoint sends. A super-frame cannot be sent here (the endpoint takes no GSO): it
 * is counted in {@code offloadDrops}, and only happens while a flow's kernel entry is in its
 * hold-off. Data-plane thread only.
 */
final class VxlanLinkPort extends LinkPort {
    /** VXLAN header length. */
    static final int HEADER = 8;
    private static final int FLAG_VNI = 0x08;

    private final UdpTransport udp;
    private final InetSocketAddress peer;
    private final int vni;

    VxlanLinkPort(final int id, final LinkSpec spec, final int maxFrame, final PortCounters counters,
                  final Telemetry telemetry, final UdpTransport udp, final int vni) {
        super(id, spec, maxFrame, counters, telemetry);
        this.udp = udp;
        this.peer = spec.peer();
        this.vni = vni;
    }

    @Override
    public void send(final ByteBuf frame, final int offset, final int length, final int vnetHdr) {
        final boolean offloaded = vnetHdr >= 0 && !VirtioNetHeader.isTrivial(frame, vnetHdr);
        if (offloaded && VirtioNetHeader.isGso(frame, vnetHdr)) {
            telemetry.increment(SystemCounter.OFFLOAD_DROPS);
            counters().dropped();
            return;
        }
        if (length > maxFrame()) {
            telemetry.increment(SystemCounter.OVERSIZE_FRAMES);
            counters().dropped();
            return;
        }
        // the slow path only (broadcasts, a flow's first frames): one datagram array per frame
        final byte[] datagram = new byte[HEADER + length];
        final ByteBuf out = Unpooled.wrappedBuffer(datagram).clear();
        out.writeByte(FLAG_VNI).writeMedium(0).writeMedium(vni).writeByte(0);
        out.writeBytes(frame, offset, length);
        if (offloaded && VirtioNetHeader.needsChecksum(frame, vnetHdr)
            && !Checksums.complete(out, HEADER, length, VirtioNetHeader.checksumStart(frame, vnetHdr),
                VirtioNetHeader.checksumOffset(frame, vnetHdr))) {
            telemetry.increment(SystemCounter.MALFORMED_MESSAGES);
            counters().dropped();
            return;
        }
        udp.sendRaw(datagram, peer);
        counters().sent(length);
    }

    @Override
    protected boolean carriesChecksumOffload() {
        return false;
    }

    @Override
    protected int maxMessage() {
        return 0; // no vnet control messages to a plain VXLAN endpoint
    }

    @Override
    protected ByteBufAllocator allocator() {
        return ByteBufAllocator.DEFAULT;
    }

    @Override
    protected boolean write(final ByteBuf msg) {
        msg.release();
        return false;
    }

    @Override
    public String state() {
        return "up";
    }

    @Override
    public void close() {
        // the UDP socket belongs to the endpoint
    }
}
