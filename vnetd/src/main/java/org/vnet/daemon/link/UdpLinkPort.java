package org.vnet.daemon.link;

import java.net.InetSocketAddress;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;

import org.vnet.daemon.link.seal.SealedHeader;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.telemetry.PortCounters;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.FrameHeader;

/**
 * A UDP link: one frame per datagram, sent from the daemon's shared UDP socket to the peer; on a
 * {@code security: aead} link every datagram is sealed ({@link LinkSeal}).
 */
final class UdpLinkPort extends LinkPort {
    private static final byte[] NO_PAYLOAD = new byte[0];
    private final PeerLiveness liveness = new PeerLiveness();
    private final Channel channel;
    private final InetSocketAddress peer;
    private final LinkSeal seal;
    private boolean pending;

    /** @param seal the sealing of a {@code security: aead} link, null for a plain one */
    UdpLinkPort(final int id, final LinkSpec spec, final int maxFrame, final PortCounters counters,
                final Telemetry telemetry, final Channel channel, final LinkSeal seal) {
        super(id, spec, maxFrame, counters, telemetry);
        this.channel = channel;
        this.peer = spec.peer();
        this.seal = seal;
    }

    /** The link's sealing, or null when it is plain. */
    LinkSeal seal() {
        return seal;
    }

    @Override
    protected boolean carriesChecksumOffload() {
        return false;
    }

    @Override
    protected int maxMessage() {
        // one datagram; larger than the underlay MTU only for super-frames, which IP fragments
        return seal == null ? 65_507 : 65_507 - SealedHeader.OVERHEAD;
    }

    @Override
    protected ByteBufAllocator allocator() {
        // the pooled allocator copies without the temporary NIO views Netty 4.2's adaptive one makes
        return PooledByteBufAllocator.DEFAULT;
    }

    @Override
    protected boolean write(final ByteBuf msg) {
        if (!channel.isWritable()) {
            msg.release();
            telemetry.increment(SystemCounter.BACKPRESSURE_DROPS);
            return false;
        }
        ByteBuf datagram = msg;
        if (seal != null) {
            final int n = msg.readableBytes();
            datagram = allocator().directBuffer(n + SealedHeader.OVERHEAD);
            datagram.writerIndex(seal.sealer().seal(msg, msg.readerIndex(), n, datagram, 0));
            msg.release();
        }
        channel.write(new DatagramPacket(datagram, peer), channel.voidPromise());
        pending = true;
        return true;
    }

    @Override
    public void flush() {
        if (pending) {
            pending = false;
            channel.flush();
        }
    }

    @Override
    public String state() {
        return channel.isActive() && liveness.alive(System.currentTimeMillis()) ? "up" : "down";
    }

    @Override
    protected boolean canSendControl() {
        return channel.isActive();
    }

    /** A valid message from the peer arrived (data-plane thread). */
    void heard(final long nowMillis) {
        liveness.heard(nowMillis);
    }

    /** Sends a KEEPALIVE, whatever the link's state: the peer learns this end is alive from it. */
    void keepalive() {
        sendControl(FrameHeader.TYPE_KEEPALIVE, NO_PAYLOAD);
    }

    @Override
    public void close() {
        // the shared socket belongs to the UdpEndpoint
    }
}
