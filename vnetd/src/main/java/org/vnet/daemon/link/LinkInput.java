package org.vnet.daemon.link;

import io.netty.buffer.ByteBuf;

import org.vnet.daemon.switching.FrameSink;
import org.vnet.daemon.switching.Port;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.daemon.wire.VirtioNetHeader;

/**
 * What every link receiver (UDP, native UDP, TCP, TLS) does with a checked message: header errors
 * to counters, DATA into the switch, KERNEL_OFFER to its port, SUMMARY, ADAPT and ADAPT_REPORT
 * to this daemon's control messages sink (global view, adaptation). One per daemon, shared by its
 * receivers; data-plane thread only.
 */
final class LinkInput {
    private final Switch sw;
    private final Telemetry telemetry;
    /** Where SUMMARY, ADAPT and ADAPT_REPORT payloads go (set once at start; null drops them). */
    private volatile ControlMessages control;

    /**
     * @param sw        the switch DATA and offers go to
     * @param telemetry daemon counters
     */
    LinkInput(final Switch sw, final Telemetry telemetry) {
        this.sw = sw;
        this.telemetry = telemetry;
    }

    /** Sends every SUMMARY, ADAPT and ADAPT_REPORT payload to {@code sink} (called on the data-plane thread). */
    void control(final ControlMessages sink) {
        this.control = sink;
    }

    /** Whether {@code type} is a control message for {@link #control(LinkPort, int, ByteBuf, int)}. */
    static boolean isControl(final int type) {
        return type == FrameHeader.TYPE_SUMMARY || type == FrameHeader.TYPE_ADAPT || type == FrameHeader.TYPE_ADAPT_REPORT;
    }

    /** Hands a control message's payload, received on {@code port}, to the sink; allocates the payload's copy. */
    void control(final LinkPort port, final int type, final ByteBuf buf, final int length) {
        final ControlMessages sink = control;
        if (sink != null) {
            final byte[] payload = new byte[length - FrameHeader.LENGTH];
            buf.getBytes(buf.readerIndex() + FrameHeader.LENGTH, payload);
            sink.onMessage(port.name(), type, payload);
        }
    }

    /**
     * Hands the DATA message at {@code buf}'s reader index ({@code length} bytes, checked) to {@code sink}: the
     * switch, or a coalescer in front of it.
     */
    void deliver(final FrameSink sink, final Port port, final ByteBuf buf, final int length) {
        final int at = buf.readerIndex() + FrameHeader.LENGTH;
        final int payload = length - FrameHeader.LENGTH;
        if ((FrameHeader.flags(buf) & FrameHeader.FLAG_VNET_HDR) != 0) {
            if (payload < VirtioNetHeader.LENGTH) {
                telemetry.increment(SystemCounter.MALFORMED_MESSAGES);
                port.counters().dropped();
                return;
            }
            sink.onFrame(port, buf, at + VirtioNetHeader.LENGTH, payload - VirtioNetHeader.LENGTH, at,
                System.currentTimeMillis());
        } else {
            sink.onFrame(port, buf, at, payload, -1, System.currentTimeMillis());
        }
    }

    /** Hands the DATA message at {@code buf}'s reader index ({@code length} bytes, checked) to the switch. */
    void deliver(final Port port, final ByteBuf buf, final int length) {
        deliver(sw, port, buf, length);
    }

    /**
     * Takes the KERNEL_OFFER message at {@code buf}'s reader index ({@code length} bytes, checked) as
     * {@code port}'s peer's latest offer and tells the switch when it changed.
     */
    void offer(final LinkPort port, final ByteBuf buf, final int length, final long nowMillis) {
        final int changed = port.offer().decode(buf, buf.readerIndex() + FrameHeader.LENGTH,
            length - FrameHeader.LENGTH, nowMillis);
        if (changed < 0) {
            telemetry.increment(SystemCounter.MALFORMED_MESSAGES);
        }
        if (changed != 0) {
            sw.linkChanged(port);
        }
    }

    /** Counts a message whose header failed {@link FrameHeader#check} with {@code check}. */
    void countBad(final int check) {
        switch (check) {
            case FrameHeader.ERR_MAGIC -> telemetry.increment(SystemCounter.BAD_MAGIC);
            case FrameHeader.ERR_VERSION -> telemetry.increment(SystemCounter.BAD_VERSION);
            case FrameHeader.ERR_TYPE -> telemetry.increment(SystemCounter.BAD_TYPE);
            default -> telemetry.increment(SystemCounter.MALFORMED_MESSAGES);
        }
    }
}
