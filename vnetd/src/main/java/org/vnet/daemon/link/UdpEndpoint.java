package org.vnet.daemon.link;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoEventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.epoll.EpollDatagramChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.FrameHeader;

/**
 * The daemon's one UDP socket: every UDP link sends from it, and a datagram it receives is
 * accepted only if its source address is the peer of a configured UDP link (and, on a
 * {@code security: aead} link, only if it opens: {@link SealedInput}). Runs on the data-plane
 * event loop; bad datagrams only bump counters.
 */
public final class UdpEndpoint extends ChannelInboundHandlerAdapter implements UdpTransport {
    private static final Logger LOG = LoggerFactory.getLogger(UdpEndpoint.class);
    private static final int SOCKET_BUFFER = 4 << 20;

    private final Map<InetSocketAddress, UdpLinkPort> byPeer = new HashMap<>();
    private final Switch sw;
    private final Telemetry telemetry;
    private final LinkInput input;
    private final Function<LinkSpec, LinkSeal> seals;
    private final SealedInput sealed;
    private Channel channel;

    /** @param seals makes the sealing of a {@code security: aead} link */
    UdpEndpoint(final Switch sw, final Telemetry telemetry, final LinkInput input, final Function<LinkSpec, LinkSeal> seals) {
        this.sw = sw;
        this.telemetry = telemetry;
        this.input = input;
        this.seals = seals;
        this.sealed = new SealedInput(telemetry);
    }

    /** Binds the socket to {@code local} on {@code loop}; blocks until bound. */
    @Override
    public InetSocketAddress bind(final IoEventLoop loop, final InetSocketAddress local) throws InterruptedException {
        final Bootstrap b = new Bootstrap()
            .group(loop)
            .channel(EpollDatagramChannel.class)
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
            .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
            // room for a GSO super-frame datagram (Netty's default would truncate at 2 KiB)
            .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65_536))
            // a TAP burst (64 frames of up to 1.5 KB) must fit without tripping backpressure
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(2 << 20, 4 << 20))
            .handler(this);
        channel = b.bind(local).sync().channel();
        loop.scheduleAtFixedRate(this::keepalives, PeerLiveness.KEEPALIVE_MILLIS, PeerLiveness.KEEPALIVE_MILLIS,
            TimeUnit.MILLISECONDS);
        LOG.info("udp listening on {}", channel.localAddress());
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public String describe() {
        return "Netty epoll datagram channel (pure-Java fallback: one datagram per frame, super-frames IP-fragmented)";
    }

    @Override
    public void sendRaw(final byte[] datagram, final InetSocketAddress to) {
        channel.writeAndFlush(new DatagramPacket(io.netty.buffer.Unpooled.wrappedBuffer(datagram), to));
    }

    /** Creates the port of a UDP link; call on the data-plane thread. */
    @Override
    public UdpLinkPort add(final int id, final LinkSpec spec, final int maxFrame) {
        final UdpLinkPort port = new UdpLinkPort(id, spec, maxFrame, telemetry.portCounters("link", spec.name()),
            telemetry, channel, spec.sealed() ? seals.apply(spec) : null);
        Links.logSecurity(spec);
        byPeer.put(spec.peer(), port);
        return port;
    }

    /** Forgets a UDP link; call on the data-plane thread. */
    @Override
    public void remove(final LinkPort port) {
        byPeer.remove(port.spec().peer(), port);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
        final DatagramPacket packet = (DatagramPacket) msg;
        try {
            final UdpLinkPort port = byPeer.get(packet.sender());
            if (port == null) {
                telemetry.increment(SystemCounter.UNKNOWN_PEER);
                return;
            }
            ByteBuf buf = packet.content();
            int length = buf.readableBytes();
            if (port.seal() != null) {
                buf = sealed.open(port, port.seal(), buf, buf.readerIndex(), length);
                if (buf == null) {
                    return;
                }
                length = buf.readableBytes();
            }
            final int check = FrameHeader.check(buf, length);
            if (check != FrameHeader.OK) {
                input.countBad(check);
                port.counters().dropped();
                return;
            }
            port.heard(System.currentTimeMillis());
            final int type = FrameHeader.type(buf);
            if (type == FrameHeader.TYPE_DATA) {
                input.deliver(port, buf, length);
            } else if (LinkInput.isControl(type)) {
                input.control(port, type, buf, length);
            } else if (type == FrameHeader.TYPE_KERNEL_OFFER) {
                input.offer(port, buf, length, System.currentTimeMillis());
            }
        } finally {
            packet.release();
        }
    }

    /** Every UDP link's KEEPALIVE (data-plane thread, every second). */
    private void keepalives() {
        for (final UdpLinkPort p : byPeer.values()) {
            p.keepalive();
        }
    }

    @Override
    public void channelReadComplete(final ChannelHandlerContext ctx) {
        sw.flush();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        telemetry.increment(SystemCounter.ERRORS);
        LOG.warn("udp socket error: {}", cause.toString());
    }

    /** Closes the socket. */
    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        sealed.close();
    }
}
