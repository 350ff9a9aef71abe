package org.vnet.daemon.link;

import java.util.concurrent.LinkedBlockingQueue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import org.vnet.daemon.switching.Port;
import org.vnet.daemon.telemetry.PortCounters;

/** A local port that hands every frame it is sent to the test thread. */
final class CapturePort extends Port {
    final LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    /** The virtio_net_hdr that came with each frame (empty array for none), in the same order. */
    final LinkedBlockingQueue<byte[]> headers = new LinkedBlockingQueue<>();

    CapturePort(final int id, final PortCounters counters) {
        super(id, "capture", false, counters);
    }

    @Override
    public void send(final ByteBuf frame, final int offset, final int length, final int vnetHdr) {
        headers.add(vnetHdr < 0 ? new byte[0] : ByteBufUtil.getBytes(frame, vnetHdr, 10));
        frames.add(ByteBufUtil.getBytes(frame, offset, length));
        counters().sent(length);
    }

    @Override
    public String state() {
        return "up";
    }
}
