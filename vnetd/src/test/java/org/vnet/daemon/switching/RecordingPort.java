package org.vnet.daemon.switching;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import org.vnet.daemon.telemetry.PortCounters;

/** A port that keeps copies of what it was asked to send. */
final class RecordingPort extends Port {
    final List<byte[]> sent = new ArrayList<>();

    RecordingPort(final int id, final String name, final boolean link, final PortCounters counters) {
        super(id, name, link, counters);
    }

    @Override
    public void send(final ByteBuf frame, final int offset, final int length, final int vnetHdr) {
        sent.add(ByteBufUtil.getBytes(frame, offset, length));
        counters().sent(length);
    }

    @Override
    public String state() {
        return "up";
    }
}
