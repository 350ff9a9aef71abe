package org.vnet.daemon.tap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.unix.FileDescriptor;

import org.vnet.daemon.switching.Port;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.telemetry.PortCounters;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.forwarder.TapDevice;

/**
 * A local VM interface: a TAP device whose non-blocking fd sits on the data-plane epoll loop
 * (level-triggered). Each readiness event reads up to {@link #READ_BUDGET} frames, switches each
 * to completion, then flushes the ports written. Writes go straight from the frame's memory when
 * it is off-heap, else through one copy buffer. Never allocates per frame, never throws.
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
        for (int i = 0; i < READ_BUDGET; i++) {
            final int n = tap.read(readAddress, BUFFER);
            if (n > 0) {
                consecutiveErrors = 0;
                sw.onFrame(this, readBuf, 0, n, now);
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
    public void send(final ByteBuf frame, final int offset, final int length) {
        final long address;
        if (frame.hasMemoryAddress()) {
            address = frame.memoryAddress() + offset;
        } else {
            copyBuf.setBytes(0, frame, offset, length);
            address = copyAddress;
        }
        final int n = tap.write(address, length);
        if (n > 0) {
            counters().sent(length);
        } else {
            if (n < 0) {
                telemetry.increment(SystemCounter.TAP_WRITE_ERRORS);
            }
            counters().dropped();
        }
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
