package org.vnet.daemon.link;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.function.Function;

import io.netty.channel.IoEventLoop;
import io.netty.channel.unix.Errors;

import org.vnet.daemon.VnetdContext;
import org.vnet.daemon.link.seal.SealedHeader;
import org.vnet.daemon.link.seal.Session;
import org.vnet.daemon.model.LinkKey;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.nativeio.Errno;
import org.vnet.nativeio.NativeLibrary;

/**
 * Every link of the daemon: the shared UDP socket and the TCP/TLS listeners and dialers. The
 * conductor asks it for a {@link LinkPort} per configured link.
 */
public final class Links implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Links.class);
    private static final int UDP_HEADER = 8;

    private final IoEventLoop loop;
    private final Switch sw;
    private final Telemetry telemetry;
    private final LinkInput input;
    private final Function<LinkSpec, LinkSeal> seals;
    private UdpTransport udp;
    private final StreamLinks streams;
    private final int underlayMtu;
    private boolean udpBound;
    private final java.util.Map<Transport, InetSocketAddress> listening = new java.util.EnumMap<>(Transport.class);
    private int vxlanVni = -1;
    private int vxlanPort;

    /**
     * @param loop      the data-plane event loop
     * @param sw        the switch frames are handed to
     * @param telemetry daemon counters
     * @param tls       TLS material, or null when no TLS link is possible
     * @param ctx       the daemon's concluded settings: its name (sent in HELLO), the underlay MTU
     *                  (bounding UDP links' frames) and the UDP path's switches
     */
    public Links(final IoEventLoop loop, final Switch sw, final Telemetry telemetry, final TlsContexts tls,
                 final VnetdContext ctx) {
        this.loop = loop;
        this.sw = sw;
        this.telemetry = telemetry;
        this.input = new LinkInput(sw, telemetry);
        final Session sessions = Session.start();
        final String self = ctx.name();
        final long epochMessages = ctx.udpEpochMessages();
        this.seals = spec -> new LinkSeal(spec, self, sessions, epochMessages);
        this.udp = ctx.nativeUdp() && NativeLibrary.isAvailable() ? new NativeUdpEndpoint(sw, telemetry, input, ctx, seals)
            : new UdpEndpoint(sw, telemetry, input, seals);
        this.streams = new StreamLinks(loop, sw, telemetry, ctx.name(), tls, input);
        this.underlayMtu = ctx.underlayMtu();
    }

    /**
     * Binds the listener of {@code transport} to {@code local}; returns the bound address (port 0: the kernel's choice).
     * Never shares a port: when another socket holds {@code local} it fails with
     * "cannot listen for udp on ADDRESS: address already in use".
     */
    public InetSocketAddress listen(final Transport transport, final InetSocketAddress local) throws IOException {
        try {
            return bind(transport, local);
        } catch (final IOException | RuntimeException e) {
            if (addressInUse(e)) {
                throw new BindException("cannot listen for " + transport.label() + " on " + LinkSpec.formatAddress(local)
                    + ": address already in use");
            }
            throw e;
        }
    }

    private InetSocketAddress bind(final Transport transport, final InetSocketAddress local) throws IOException {
        try {
            if (transport == Transport.UDP) {
                InetSocketAddress bound;
                try {
                    bound = udp.bind(loop, local);
                } catch (final IOException e) {
                    if (!(udp instanceof NativeUdpEndpoint) || addressInUse(e)) {
                        throw e;
                    }
                    // e.g. a kernel without UDP_GRO: the pure-Java path still works
                    LOG.warn("udp: native socket unavailable ({}); using the pure-Java path", e.getMessage());
                    udp.close();
                    udp = new UdpEndpoint(sw, telemetry, input, seals);
                    bound = udp.bind(loop, local);
                }
                udpBound = true;
                LOG.info("udp links: {}", udp.describe());
                listening.put(transport, bound);
                return bound;
            }
            final InetSocketAddress bound = streams.listen(transport, local);
            listening.put(transport, bound);
            return bound;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + transport.label() + " " + local, e);
        } catch (final RuntimeException e) {
            throw new IOException("cannot listen for " + transport.label() + " on " + LinkSpec.formatAddress(local)
                + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code e} (or a cause) says another socket holds the address: EADDRINUSE, from the JDK, libvnetfwd or Netty. */
    static boolean addressInUse(final Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException && String.valueOf(t.getMessage()).contains("Address already in use")
                || t instanceof Errors.NativeIoException n && n.expectedErr() == -Errno.EADDRINUSE) {
                return true;
            }
        }
        return false;
    }

    /** Largest Ethernet frame a plain UDP link to {@code peer} carries without IP fragmentation. */
    public int udpMaxFrame(final InetSocketAddress peer) {
        final int ip = peer.getAddress() instanceof Inet6Address ? 40 : 20;
        return underlayMtu - ip - UDP_HEADER - FrameHeader.LENGTH;
    }

    /** Largest Ethernet frame UDP link {@code spec} carries without IP fragmentation (sealing takes its share). */
    public int udpMaxFrame(final LinkSpec spec) {
        return udpMaxFrame(spec.peer()) - (spec.sealed() ? SealedHeader.OVERHEAD : 0);
    }

    /** Logs once, when a UDP link opens, whether it is sealed or plain. */
    static void logSecurity(final LinkSpec spec) {
        if (spec.sealed()) {
            LOG.info("link {}: sealed UDP (security aead: AES-256-GCM, pre-shared key)", spec.name());
        } else {
            LOG.info("link {}: plain UDP, trusted underlay (security trusted)", spec.name());
        }
    }

    /**
     * Gives sealed UDP link {@code port} a new pre-shared key without dropping it; data-plane thread only.
     *
     * @return false when {@code port} is not a sealed UDP link (it must be reopened instead)
     */
    public boolean rekey(final LinkPort port, final LinkKey key) {
        final LinkSeal seal = port instanceof UdpLinkPort u ? u.seal()
            : port instanceof NativeUdpLinkPort n ? n.seal() : null;
        if (seal == null || key == null) {
            return false;
        }
        seal.rekey(key);
        return true;
    }

    /**
     * Why link {@code spec} must not be opened, or null: its peer is one of this daemon's own listen
     * addresses (a link to itself).
     */
    public String refusal(final LinkSpec spec) {
        final InetSocketAddress own = listening.get(spec.transport() == Transport.VXLAN ? Transport.UDP : spec.transport());
        if (LinkSpec.sameEndpoint(spec.peer(), own)) {
            return "link " + spec.name() + ": peer " + LinkSpec.formatAddress(spec.peer())
                + " is this daemon's own listen address";
        }
        return null;
    }

    /** Allows VXLAN links, with the kernel data path's VNI and VXLAN port. */
    public void vxlan(final int vni, final int port) {
        this.vxlanVni = vni;
        this.vxlanPort = port;
    }

    /** Creates the port of link {@code spec}; data-plane thread only. */
    public LinkPort open(final int id, final LinkSpec spec) {
        if (spec.transport() == Transport.VXLAN) {
            if (!udpBound) {
                throw new IllegalArgumentException("link " + spec.name() + ": vxlan link needs listen.udp in the config");
            }
            if (vxlanVni < 0) {
                throw new IllegalArgumentException("link " + spec.name()
                    + ": vxlan links need the kernel data path (datapath.mode auto or kernel, with eBPF usable)");
            }
            if (spec.peer().getPort() != vxlanPort) {
                throw new IllegalArgumentException("link " + spec.name() + ": the endpoint must use VXLAN port "
                    + vxlanPort + " (datapath.vxlanPort), not " + spec.peer().getPort());
            }
            final int ip = spec.peer().getAddress() instanceof Inet6Address ? 40 : 20;
            return new VxlanLinkPort(id, spec, underlayMtu - ip - UDP_HEADER - VxlanLinkPort.HEADER,
                telemetry.portCounters("link", spec.name()), telemetry, udp, vxlanVni);
        }
        if (spec.transport() == Transport.UDP) {
            if (!udpBound) {
                throw new IllegalArgumentException("link " + spec.name() + ": udp link needs listen.udp in the config");
            }
            return udp.add(id, spec, udpMaxFrame(spec));
        }
        return streams.add(id, spec);
    }

    /** Sends a raw datagram from the shared UDP socket (tests inject bad datagrams); data-plane thread only. */
    void udpSendRaw(final byte[] datagram, final InetSocketAddress to) {
        udp.sendRaw(datagram, to);
    }

    /** Which UDP implementation runs. */
    public String udpImplementation() {
        return udp.describe();
    }

    /** Sends every SUMMARY, ADAPT and ADAPT_REPORT payload received on any link to {@code sink} (data-plane thread). */
    public void control(final ControlMessages sink) {
        input.control(sink);
    }

    /** Stops link {@code port}; data-plane thread only. */
    public void close(final LinkPort port) {
        if (port instanceof UdpLinkPort || port instanceof NativeUdpLinkPort) {
            udp.remove(port);
        } else if (port instanceof VxlanLinkPort) {
            port.close();
        } else if (port instanceof StreamLinkPort s) {
            streams.remove(s);
        }
        port.counters().close();
    }

    @Override
    public void close() {
        streams.close();
        udp.close();
    }
}
