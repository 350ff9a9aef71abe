package org.vnet.daemon.switching;

import io.netty.buffer.ByteBuf;

import org.vnet.daemon.telemetry.PortCounters;

/**
 * Where frames enter and leave the switch: a local interface (TAP) or a link to a peer daemon.
 * Used only on the data-plane thread.
 */
public abstract class Port {
    private final int id;
    private final String name;
    private final boolean link;
    private final PortCounters counters;

    /**
     * @param id       index in the switch's port table
     * @param name     interface or link name
     * @param link     true for a link, false for a local interface
     * @param counters this port's counters
     */
    protected Port(final int id, final String name, final boolean link, final PortCounters counters) {
        this.id = id;
        this.name = name;
        this.link = link;
        this.counters = counters;
    }

    /** Index in the switch's port table. */
    public final int id() {
        return id;
    }

    /** Interface or link name. */
    public final String name() {
        return name;
    }

    /** True for a link to a peer daemon, false for a local interface. */
    public final boolean isLink() {
        return link;
    }

    /** This port's counters. */
    public final PortCounters counters() {
        return counters;
    }

    /**
     * Sends the Ethernet frame of {@code length} bytes at {@code offset} in {@code frame}; copies
     * what it needs, never retains, changes or releases {@code frame}, counts what it sent or
     * dropped, never throws.
     *
     * @param vnetHdr offset in {@code frame} of the frame's {@code virtio_net_hdr}, or -1 if it has
     *                none (a plain frame with complete checksums)
     */
    public abstract void send(ByteBuf frame, int offset, int length, int vnetHdr);

    /** Pushes out what {@link #send} queued; called once per burst. */
    public void flush() {
    }

    /** "up", "down" or "connecting". */
    public abstract String state();
}
