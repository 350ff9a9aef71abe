package org.vnet.daemon.link;

import java.io.IOException;
import java.net.InetSocketAddress;

import io.netty.channel.IoEventLoop;

import org.vnet.daemon.model.LinkSpec;

/**
 * The daemon's one UDP socket and its links. Two implementations: {@link NativeUdpEndpoint}, the
 * fast path over libvnetfwd (UDP GSO send batches, UDP GRO reads, TCP segmentation and coalescing),
 * and {@link UdpEndpoint}, the pure-Java fallback over Netty's epoll datagram channel (one
 * datagram per frame, super-frames IP-fragmented). Both speak the same wire format.
 */
interface UdpTransport {
    /** Binds the socket to {@code local} on {@code loop}; returns the bound address (port 0: the kernel's choice). */
    InetSocketAddress bind(IoEventLoop loop, InetSocketAddress local) throws IOException, InterruptedException;

    /** Creates the port of a UDP link; data-plane thread only. */
    LinkPort add(int id, LinkSpec spec, int maxFrame);

    /** Forgets a UDP link; data-plane thread only. */
    void remove(LinkPort port);

    /** Sends {@code datagram} as it is to {@code to} (tests inject bad datagrams); data-plane thread only. */
    void sendRaw(byte[] datagram, InetSocketAddress to);

    /** Which implementation this is, for the start-up log. */
    String describe();

    /** Closes the socket. */
    void close();
}
