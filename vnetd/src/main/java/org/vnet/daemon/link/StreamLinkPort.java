package org.vnet.daemon.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;

import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.telemetry.PortCounters;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.FrameHeader;

/**
 * A TCP or TLS link: length-prefixed messages on one connection, which the {@link StreamLinks}
 * (re)establishes. While it has no connection, frames to it are counted and dropped. Its
 * connection is live while open and heard from (any message, KEEPALIVEs every second) within
 * {@link PeerLiveness#SILENT_MILLIS}: a live connection is never replaced by a newcomer.
 */
final class StreamLinkPort extends LinkPort {
    private final ByteBufAllocator alloc;
    private Channel channel;
    private boolean pending;
    private boolean closed;
    private String peerName = "";
    private final PeerLiveness liveness = new PeerLiveness();

    StreamLinkPort(final int id, final LinkSpec spec, final PortCounters counters, final Telemetry telemetry,
                   final ByteBufAllocator alloc) {
        super(id, spec, FrameHeader.MAX_PAYLOAD, counters, telemetry);
        this.alloc = alloc;
    }

    /** The connection now carrying this link (replacing and closing any older one), heard at {@code nowMillis}. */
    void attach(final Channel ch, final String helloName, final long nowMillis) {
        if (channel != null && channel != ch) {
            channel.close();
        }
        channel = ch;
        peerName = helloName;
        liveness.heard(nowMillis);
    }

    /** A message arrived on the current connection at {@code nowMillis}. */
    void heard(final long nowMillis) {
        liveness.heard(nowMillis);
    }

    /**
     * Whether the current connection is live at {@code nowMillis}: open and heard from within
     * {@link PeerLiveness#SILENT_MILLIS}. A dead one (closed, reset, silent) may be taken over.
     */
    boolean live(final long nowMillis) {
        return channel != null && channel.isActive() && liveness.alive(nowMillis);
    }

    /** Closes the current connection if it is open but was not heard from within {@code millis}; true if it did. */
    boolean closeIfSilent(final long nowMillis, final long millis) {
        if (channel != null && channel.isActive() && !liveness.heardWithin(nowMillis, millis)) {
            channel.close();
            return true;
        }
        return false;
    }

    /** Forgets {@code ch} if it is the current connection. */
    void detach(final Channel ch) {
        if (channel == ch) {
            channel = null;
            pending = false;
        }
    }

    Channel channel() {
        return channel;
    }

    boolean isClosed() {
        return closed;
    }

    String peerName() {
        return peerName;
    }

    @Override
    protected boolean carriesChecksumOffload() {
        return true;
    }

    @Override
    protected int maxMessage() {
        return FrameHeader.LENGTH + FrameHeader.MAX_PAYLOAD;
    }

    @Override
    protected ByteBufAllocator allocator() {
        return alloc;
    }

    @Override
    protected boolean write(final ByteBuf msg) {
        final Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            msg.release();
            telemetry.increment(SystemCounter.LINK_DOWN_DROPS);
            return false;
        }
        if (!ch.isWritable()) {
            msg.release();
            telemetry.increment(SystemCounter.BACKPRESSURE_DROPS);
            return false;
        }
        ch.write(msg, ch.voidPromise());
        pending = true;
        return true;
    }

    @Override
    public void flush() {
        if (pending && channel != null) {
            pending = false;
            channel.flush();
        }
    }

    @Override
    public String state() {
        if (closed) {
            return "closed";
        }
        if (channel != null && channel.isActive()) {
            return "up";
        }
        return spec().accept() ? "waiting" : "connecting";
    }

    @Override
    public void close() {
        closed = true;
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
