package org.vnet.daemon.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.vnet.daemon.VnetdContext;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.offload.Coalescer;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.nativeio.Errno;
import org.vnet.nativeio.UdpSocket;

/**
 * The daemon's UDP socket on the native fast path: a libvnetfwd socket with UDP GRO whose fd sits
 * on the data-plane epoll loop beside the TAPs. One read returns up to 64 KiB of same-sized
 * datagrams from one sender; each is checked, and DATA goes through the {@link Coalescer}
 * into the switch, so the segments of a super-frame cut by the peer's {@link UdpSender}, and runs
 * of equal UDP datagrams, reach the TAP as one super-frame. A datagram is accepted only from the address of a configured
 * UDP link, and on a {@code security: aead} link only once it opened ({@link SealedInput}). Never throws;
 * allocates nothing per plain datagram (a sealed one costs the {@code GCMParameterSpec} javax.crypto
 * needs, a forged one the exception javax.crypto reports a bad tag with, caught inside the opener).
 */
final class NativeUdpEndpoint implements UdpTransport, EpollIoHandle {
    private static final Logger LOG = LoggerFactory.getLogger(NativeUdpEndpoint.class);
    private static final int SOCKET_BUFFER = 8 << 20;
    /** Reads per readiness event before yielding to the other fds. */
    private static final int READ_BUDGET = 32;
    private static final int RECEIVE_BUFFER = 65_536;

    private final Switch sw;
    private final Telemetry telemetry;
    private final LinkInput input;
    private final boolean coalesce;
    private final boolean mergeDatagrams;
    private final ByteBuf in = Unpooled.directBuffer(RECEIVE_BUFFER, RECEIVE_BUFFER);
    private final long inAddress = in.memoryAddress();
    private final UnsafeBuffer source = new UnsafeBuffer(UdpSocket.directBuffer(UdpSocket.SOCKADDR_LENGTH));
    private final Coalescer coalescer;
    private final Function<LinkSpec, LinkSeal> seals;
    private final SealedInput sealed;
    private NativeUdpLinkPort[] ports = new NativeUdpLinkPort[0];
    private UdpSocket socket;
    private UdpSender sender;
    private FileDescriptor fd;
    private IoRegistration registration;
    private boolean closed;

    /**
     * @param sw        the switch frames are handed to
     * @param telemetry daemon counters
     * @param input     the daemon's link input (checked messages to the switch, summaries, offers)
     * @param ctx       the daemon's settings: coalescing, UDP joining and datagram merging
     * @param seals     makes the sealing of a {@code security: aead} link
     */
    NativeUdpEndpoint(final Switch sw, final Telemetry telemetry, final LinkInput input, final VnetdContext ctx,
                      final Function<LinkSpec, LinkSeal> seals) {
        this.sw = sw;
        this.seals = seals;
        this.sealed = new SealedInput(telemetry);
        this.telemetry = telemetry;
        this.input = input;
        this.coalesce = ctx.udpCoalesce();
        this.mergeDatagrams = ctx.udpMergeDatagrams();
        this.coalescer = new Coalescer(sw, ctx.udpUso(), telemetry.counter(SystemCounter.COALESCED_SEGMENTS));
    }

    @Override
    public InetSocketAddress bind(final IoEventLoop loop, final InetSocketAddress local) throws IOException {
        socket = UdpSocket.open(local, SOCKET_BUFFER, SOCKET_BUFFER, true);
        final InetSocketAddress bound = new InetSocketAddress(local.getAddress(), socket.localPort());
        sender = new UdpSender(socket, telemetry, mergeDatagrams);
        fd = new FileDescriptor(socket.fd());
        registration = loop.register(this).syncUninterruptibly().getNow();
        registration.submit(EpollIoOps.EPOLLIN);
        loop.scheduleAtFixedRate(this::keepalives, PeerLiveness.KEEPALIVE_MILLIS, PeerLiveness.KEEPALIVE_MILLIS,
            TimeUnit.MILLISECONDS);
        LOG.info("udp listening on {} (native: GSO sends, GRO reads, TCP coalescing {})", bound,
            coalesce ? "on" : "off");
        return bound;
    }

    /** Every UDP link's KEEPALIVE (data-plane thread, every second). */
    private void keepalives() {
        if (closed) {
            return;
        }
        for (final NativeUdpLinkPort p : ports) {
            p.keepalive();
        }
        sender.flush();
    }

    @Override
    public String describe() {
        return "native libvnetfwd socket (UDP GSO/GRO, TCP/UDP segmentation and coalescing)";
    }

    @Override
    public LinkPort add(final int id, final LinkSpec spec, final int maxFrame) {
        final NativeUdpLinkPort port = new NativeUdpLinkPort(id, spec, maxFrame,
            telemetry.portCounters("link", spec.name()), telemetry, sender, socket.isV6(),
            spec.sealed() ? seals.apply(spec) : null);
        Links.logSecurity(spec);
        final NativeUdpLinkPort[] more = java.util.Arrays.copyOf(ports, ports.length + 1);
        more[ports.length] = port;
        ports = more;
        return port;
    }

    @Override
    public void remove(final LinkPort port) {
        coalescer.forget(port);
        int n = 0;
        final NativeUdpLinkPort[] fewer = new NativeUdpLinkPort[ports.length];
        for (final NativeUdpLinkPort p : ports) {
            if (p != port) {
                fewer[n++] = p;
            }
        }
        ports = java.util.Arrays.copyOf(fewer, n);
    }

    @Override
    public void sendRaw(final byte[] datagram, final InetSocketAddress to) {
        final UnsafeBuffer peer = new UnsafeBuffer(UdpSocket.directBuffer(UdpSocket.SOCKADDR_LENGTH));
        final int length = UdpSocket.sockaddr(to, peer, 0, socket.isV6());
        final ByteBuf b = sender.reserve(datagram.length);
        b.setBytes(sender.reservedIndex(), datagram);
        sender.commit(null, peer.addressOffset(), length, datagram.length, 0);
        sender.flush();
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(final IoRegistration reg, final IoEvent event) {
        final long now = System.currentTimeMillis();
        for (int r = 0; r < READ_BUDGET; r++) {
            final int n = socket.receive(inAddress, RECEIVE_BUFFER, source.addressOffset());
            if (n == -Errno.EAGAIN) {
                break;
            }
            if (n < 0) {
                telemetry.increment(SystemCounter.UDP_READ_ERRORS);
                break;
            }
            final NativeUdpLinkPort port = lookup();
            if (port == null) {
                telemetry.increment(SystemCounter.UNKNOWN_PEER);
                continue;
            }
            if (socket.truncated()) {
                telemetry.increment(SystemCounter.UDP_READ_ERRORS);
                port.counters().dropped();
                continue;
            }
            if (n == 0) {
                // an empty datagram: counted as malformed, and the burst goes on
                datagram(port, 0, 0, now);
                continue;
            }
            final int size = socket.segmentSize() > 0 ? socket.segmentSize() : n;
            for (int at = 0; at < n; at += size) {
                datagram(port, at, Math.min(size, n - at), now);
            }
        }
        coalescer.flush(now);
        sw.flush();
    }

    private NativeUdpLinkPort lookup() {
        for (final NativeUdpLinkPort p : ports) {
            if (UdpSocket.sameAddress(source, 0, p.peer(), 0)) {
                return p;
            }
        }
        return null;
    }

    private void datagram(final NativeUdpLinkPort port, final int at, final int datagram, final long now) {
        ByteBuf in = this.in;
        int length = datagram;
        if (port.seal() != null) {
            in = sealed.open(port, port.seal(), in, at, datagram);
            if (in == null) {
                return;
            }
            length = in.readableBytes();
        } else {
            in.setIndex(at, at + length);
        }
        final int check = FrameHeader.check(in, length);
        if (check != FrameHeader.OK) {
            input.countBad(check);
            port.counters().dropped();
            return;
        }
        port.heard(now);
        final int type = FrameHeader.type(in);
        if (LinkInput.isControl(type)) {
            coalescer.flush(now);
            input.control(port, type, in, length);
            return;
        }
        if (type == FrameHeader.TYPE_KERNEL_OFFER) {
            input.offer(port, in, length, now);
            return;
        }
        if (type == FrameHeader.TYPE_DATA) {
            // the coalescer passes on at once what joins nothing (after what it holds)
            input.deliver(coalesce ? coalescer : sw, port, in, length);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (registration != null) {
            registration.cancel();
        }
        if (sender != null) {
            sender.close();
        }
        if (socket != null) {
            socket.close();
        }
        coalescer.close();
        sealed.close();
        in.release();
    }
}
