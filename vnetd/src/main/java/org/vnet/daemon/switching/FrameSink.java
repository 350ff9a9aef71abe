package org.vnet.daemon.switching;

import io.netty.buffer.ByteBuf;

/** Where a receiver hands the frames it read: the {@link Switch}, or a stage in front of it. */
public interface FrameSink {
    /**
     * Takes one frame that arrived on {@code ingress}; data-plane thread only.
     *
     * @param vnetHdr   offset of the frame's {@code virtio_net_hdr} in {@code frame}, or -1
     * @param nowMillis coarse clock for learning and ageing
     */
    void onFrame(Port ingress, ByteBuf frame, int offset, int length, int vnetHdr, long nowMillis);
}
