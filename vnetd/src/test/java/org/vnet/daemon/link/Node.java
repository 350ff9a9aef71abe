package org.vnet.daemon.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;

import org.vnet.daemon.VnetdContext;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.switching.MacTable;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.telemetry.CountersFile;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;

/** One in-process switch with real link sockets on loopback and a capture port as its "VM". */
final class Node implements AutoCloseable {
    final String name;
    final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    final IoEventLoop loop = group.next();
    final Telemetry telemetry;
    final Switch sw;
    final Links links;
    final CapturePort vm;

    Node(final Path dir, final String name, final TlsContexts tls) throws IOException {
        this(dir, context(name).conclude(), tls);
    }

    Node(final Path dir, final VnetdContext ctx, final TlsContexts tls) throws IOException {
        this.name = ctx.name();
        telemetry = new Telemetry(CountersFile.create(dir.resolve(name + ".counters")));
        sw = new Switch(new MacTable(ctx.macAgeMillis(), ctx.macCapacity()), telemetry, ctx.hub());
        links = new Links(loop, sw, telemetry, tls, ctx);
        vm = new CapturePort(0, telemetry.portCounters("if", "vm"));
        onLoop(() -> {
            sw.addPort(vm);
            return null;
        });
    }

    /** The settings of a node named {@code name}, not yet concluded: defaults, a small MAC table. */
    static VnetdContext context(final String name) {
        return new VnetdContext().name(name).underlayMtu(1500).macCapacity(1024);
    }

    /** Listens on {@code at} (port 0: any free one); returns the bound address. */
    InetSocketAddress listen(final Transport t, final InetSocketAddress at) throws IOException {
        return links.listen(t, at);
    }

    LinkPort link(final int id, final LinkSpec spec) {
        return onLoop(() -> {
            final LinkPort p = links.open(id, spec);
            sw.addPort(p);
            return p;
        });
    }

    void removeLink(final LinkPort p) {
        onLoop(() -> {
            sw.removePort(p.id());
            links.close(p);
            return null;
        });
    }

    /** The VM sends {@code frame} into the switch. */
    void vmSends(final byte[] frame) {
        onLoop(() -> {
            final ByteBuf b = Unpooled.wrappedBuffer(frame);
            sw.onFrame(vm, b, 0, frame.length, System.currentTimeMillis());
            sw.flush();
            return null;
        });
    }

    /** The VM sends {@code frames} in one read burst: switched one by one, the ports flushed once at the end. */
    void vmSendsBurst(final java.util.List<byte[]> frames) {
        onLoop(() -> {
            for (final byte[] frame : frames) {
                sw.onFrame(vm, Unpooled.wrappedBuffer(frame), 0, frame.length, System.currentTimeMillis());
            }
            sw.flush();
            return null;
        });
    }

    /** The VM sends {@code frame} preceded by the virtio_net_hdr {@code hdr}, as a TAP with offloads reads it. */
    void vmSends(final byte[] hdr, final byte[] frame) {
        onLoop(() -> {
            final ByteBuf b = Unpooled.directBuffer(hdr.length + frame.length);
            b.writeBytes(hdr).writeBytes(frame);
            sw.onFrame(vm, b, hdr.length, frame.length, 0, System.currentTimeMillis());
            sw.flush();
            b.release();
            return null;
        });
    }

    long counter(final SystemCounter c) {
        return telemetry.counter(c).get();
    }

    <T> T onLoop(final Callable<T> task) {
        try {
            return loop.submit(task).get(10, TimeUnit.SECONDS);
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        links.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        telemetry.close();
    }
}
