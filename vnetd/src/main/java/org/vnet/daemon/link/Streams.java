package org.vnet.daemon.link;

import io.netty.buffer.ByteBuf;

import org.vnet.daemon.switching.Port;
import org.vnet.daemon.switching.FrameSink;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.daemon.wire.VirtioNetHeader;

/** What the UDP and stream receivers share: header errors to counters, DATA into the switch. */
final class Streams {
    private Streams() {
    }

    /** Where SUMMARY messages go (set once at start; null drops them). */
    static volatile java.util.function.Consumer<byte[]> summaries;

    /** Hands a SUMMARY message's payload to the global view. */
    static void summary(final ByteBuf buf, final int length) {
        final java.util.function.Consumer<byte[]> sink = summaries;
        if (sink != null) {
            final byte[] payload = new byte[length - FrameHeader.LENGTH];
            buf.getBytes(buf.readerIndex() + FrameHeader.LENGTH, payload);
            sink.accept(payload);
        }
    }

    /**
     * Hands the DATA message at {@code buf}'s reader index ({@code length} bytes, checked) to {@code sw}: the
     * switch, or a coalescer in front of it.
     */
    static void deliver(final FrameSink sw, final Port port, final ByteBuf buf, final int length,
                        final Telemetry telemetry) {
        final int at = buf.readerIndex() + FrameHeader.LENGTH;
        final int payload = length - FrameHeader.LENGTH;
        if ((FrameHeader.flags(buf) & FrameHeader.FLAG_VNET_HDR) != 0) {
            if (payload < VirtioNetHeader.LENGTH) {
                telemetry.increment(SystemCounter.MALFORMED_MESSAGES);
                port.counters().dropped();
                return;
            }
            sw.onFrame(port, buf, at + VirtioNetHeader.LENGTH, payload - VirtioNetHeader.LENGTH, at,
                System.currentTimeMillis());
        } else {
            sw.onFrame(port, buf, at, payload, -1, System.currentTimeMillis());
        }
    }

    /**
     * Takes the KERNEL_OFFER message at {@code buf}'s reader index ({@code length} bytes, checked) as
     * {@code port}'s peer's latest offer and tells the switch when it changed.
     */
    static void offer(final Switch sw, final LinkPort port, final ByteBuf buf, final int length, final long nowMillis,
                      final Telemetry telemetry) {
        final int changed = port.offer().decode(buf, buf.readerIndex() + FrameHeader.LENGTH,
            length - FrameHeader.LENGTH, nowMillis);
        if (changed < 0) {
            telemetry.increment(SystemCounter.MALFORMED_MESSAGES);
        }
        if (changed != 0) {
            sw.linkChanged(port);
        }
    }

    static void countBad(final Telemetry telemetry, final int check) {
        switch (check) {
            case FrameHeader.ERR_MAGIC -> telemetry.increment(SystemCounter.BAD_MAGIC);
            case FrameHeader.ERR_VERSION -> telemetry.increment(SystemCounter.BAD_VERSION);
            case FrameHeader.ERR_TYPE -> telemetry.increment(SystemCounter.BAD_TYPE);
            default -> telemetry.increment(SystemCounter.MALFORMED_MESSAGES);
        }
    }
}
