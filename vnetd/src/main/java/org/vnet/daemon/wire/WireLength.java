package org.vnet.daemon.wire;

import io.netty.buffer.ByteBuf;

import org.vnet.inference.packet.IpProtocol;

/**
 * The bytes a frame takes on a wire: a GSO super-frame counts as the segments it stands for (its
 * headers repeated per segment), so traffic counters and the inference see the same bytes whether
 * the TAPs' offloads are on or off. Data-plane thread only (holds a parser); allocates nothing.
 */
public final class WireLength {
    private static final int GSO_TYPE_MASK = ~VirtioNetHeader.GSO_ECN;

    private final TcpHeaders h = new TcpHeaders();

    /**
     * @param vnetHdr offset of the frame's {@code virtio_net_hdr}, or -1
     * @return {@code length} for a frame that is not a TCP or UDP super-frame, else payload plus one
     *     set of Ethernet/IP/TCP (UDP) headers per {@code gso_size} of payload
     */
    public int of(final ByteBuf frame, final int offset, final int length, final int vnetHdr) {
        if (vnetHdr < 0 || !VirtioNetHeader.isGso(frame, vnetHdr)) {
            return length;
        }
        final int gsoSize = frame.getUnsignedShortLE(vnetHdr + VirtioNetHeader.GSO_SIZE_OFFSET);
        final int type = frame.getUnsignedByte(vnetHdr + VirtioNetHeader.GSO_TYPE_OFFSET) & GSO_TYPE_MASK;
        if (gsoSize == 0 || !h.parse(frame, offset, length, type == VirtioNetHeader.GSO_UDP_L4 ? IpProtocol.UDP
            : IpProtocol.TCP)) {
            return length;
        }
        final int payload = length - h.headerLength;
        final int segments = Math.max(1, (payload + gsoSize - 1) / gsoSize);
        return length + (segments - 1) * h.headerLength;
    }
}
