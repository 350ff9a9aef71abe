package org.vnet.daemon.tap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.unix.FileDescriptor;

import org.vnet.daemon.offload.Segmenter;
import org.vnet.daemon.switching.Port;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.telemetry.PortCounters;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.Checksums;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.daemon.wire.VirtioNetHeader;
import org.vnet.nativeio.TapDevice;

/**
 * A local VM interface: a TAP device whose non-blocking fd sits on the data-plane epoll loop
 * (level-triggered). Each readiness event reads up to {@link #READ_BUDGET} frames, switches each
 * to completion, then flushes the ports written. With a vnet header (the default) every frame
 * read or written is preceded by a {@code virtio_net_hdr}, so with offloads on a read returns a
 * 64 KiB TCP super-frame and a write may hand one to the kernel. Writes go straight from the
 * frame's memory when it is off-heap and laid out as the TAP wants, else through one copy buffer.
 * A TAP without a vnet header gets super-frames cut into segments and partial checksums finished
 * here, in software. Never allocates per frame, never throws.
 */
public final class TapPort extends Port implements EpollIoHandle {
    /** Frames read per readiness event before yielding to other fds. */
    public static final int READ_BUDGET = 64;
    private static final int BUFFER = 65_536 + 64;

    private final TapDevice tap;
    private final Switch sw;
    private final Telemetry telemetry;
    private final FileDescriptor fd;
    private final ByteBuf readBuf = Unpooled.directBuffer(BUFFER, BUFFER);
    private final long readAddress = readBuf.memoryAddress();
    private final ByteBuf copyBuf = Unpooled.directBuffer(BUFFER, BUFFER);
    private final long copyAddress = copyBuf.memoryAddress();
    private final boolean vnetHeader;
    private final Segmenter segmenter = new Segmenter();
    private int consecutiveErrors;
    private IoRegistration registration;
    private boolean closed;

    /**
     * @param id        port id
     * @param tap       the open TAP device (this port closes it)
     * @param sw        the switch
     * @param counters  this interface's counters
     * @param telemetry daemon counters
     */
    public TapPort(final int id, final TapDevice tap, final Switch sw, final PortCounters counters,
                   final Telemetry telemetry) {
        super(id, tap.name(), false, counters);
        this.tap = tap;
        this.sw = sw;
        this.telemetry = telemetry;
        this.fd = new FileDescriptor(tap.fd());
        this.vnetHeader = tap.vnetHeader();
    }

    /** The TAP device. */
    public TapDevice device() {
        return tap;
    }

    /** Keeps the registration so the port can leave the loop. */
    public void registration(final IoRegistration registration) {
        this.registration = registration;
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(final IoRegistration reg, final IoEvent event) {
        final long now = System.currentTimeMillis();
        final int hdr = vnetHeader ? VirtioNetHeader.LENGTH : 0;
        for (int i = 0; i < READ_BUDGET; i++) {
            final int n = tap.read(readAddress, BUFFER);
            if (n > hdr) {
                consecutiveErrors = 0;
                sw.onFrame(this, readBuf, hdr, n - hdr, vnetHeader ? 0 : -1, now);
            } else if (n > 0) {
                telemetry.increment(SystemCounter.RUNT_FRAMES);
            } else if (n == 0) {
                break;
            } else {
                telemetry.increment(SystemCounter.TAP_READ_ERRORS);
                if (++consecutiveErrors > 1000 && registration != null) {
                    registration.cancel();
                }
                break;
            }
        }
        sw.flush();
    }

    @Override
    public void send(final ByteBuf frame, final int offset, final int length, final int vnetHdr) {
        final int n;
        if (vnetHeader) {
            if (vnetHdr == offset - VirtioNetHeader.LENGTH && frame.hasMemoryAddress()) {
                n = tap.write(frame.memoryAddress() + vnetHdr, VirtioNetHeader.LENGTH + length);
            } else {
                if (vnetHdr >= 0) {
                    copyBuf.setBytes(0, frame, vnetHdr, VirtioNetHeader.LENGTH);
                } else {
                    copyBuf.setZero(0, VirtioNetHeader.LENGTH);
                }
                copyBuf.setBytes(VirtioNetHeader.LENGTH, frame, offset, length);
                n = tap.write(copyAddress, VirtioNetHeader.LENGTH + length);
            }
        } else if (vnetHdr >= 0 && !VirtioNetHeader.isTrivial(frame, vnetHdr)) {
            // a TAP without offloads takes neither super-frames nor partial checksums
            if (VirtioNetHeader.isGso(frame, vnetHdr)) {
                writeSegments(frame, offset, length, vnetHdr);
                return;
            }
            copyBuf.setBytes(0, frame, offset, length);
            if (VirtioNetHeader.needsChecksum(frame, vnetHdr) && !Checksums.complete(copyBuf, 0, length,
                VirtioNetHeader.checksumStart(frame, vnetHdr), VirtioNetHeader.checksumOffset(frame, vnetHdr))) {
                telemetry.increment(SystemCounter.OFFLOAD_DROPS);
                counters().dropped();
                return;
            }
            n = tap.write(copyAddress, length);
        } else if (frame.hasMemoryAddress()) {
            n = tap.write(frame.memoryAddress() + offset, length);
        } else {
            copyBuf.setBytes(0, frame, offset, length);
            n = tap.write(copyAddress, length);
        }
        if (n > 0) {
            counters().sent(length);
        } else {
            if (n < 0) {
                telemetry.increment(SystemCounter.TAP_WRITE_ERRORS);
            }
            counters().dropped();
        }
    }

    /** Cuts a super-frame (TCP or UDP) into its segments with complete checksums, one TAP write each. */
    private void writeSegments(final ByteBuf frame, final int offset, final int length, final int vnetHdr) {
        final int n = segmenter.plan(frame, offset, length, vnetHdr);
        final int skip = FrameHeader.LENGTH + VirtioNetHeader.LENGTH;
        if (n == 0 || segmenter.datagramLength() > BUFFER) {
            telemetry.increment(SystemCounter.OFFLOAD_DROPS);
            counters().dropped();
            return;
        }
        int written = 0;
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            segmenter.writeHeader(frame, offset, i, copyBuf, 0);
            final int header = segmenter.datagramHeaderLength();
            final int payload = segmenter.payloadLength(i);
            copyBuf.setBytes(header, frame, segmenter.payloadOffset(offset, i), payload);
            final int segment = header - skip + payload;
            Checksums.complete(copyBuf, skip, segment, VirtioNetHeader.checksumStart(copyBuf, FrameHeader.LENGTH),
                VirtioNetHeader.checksumOffset(copyBuf, FrameHeader.LENGTH));
            if (tap.write(copyAddress + skip, segment) > 0) {
                written++;
                bytes += segment;
            } else {
                telemetry.increment(SystemCounter.TAP_WRITE_ERRORS);
                counters().dropped();
            }
        }
        counters().sent(written, bytes);
        telemetry.counter(SystemCounter.SOFTWARE_SEGMENTS).getAndAddRelease(n);
    }

    @Override
    public String state() {
        return registration != null && registration.isValid() ? "up" : "down";
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
        tap.close();
        readBuf.release();
        copyBuf.release();
    }
}
