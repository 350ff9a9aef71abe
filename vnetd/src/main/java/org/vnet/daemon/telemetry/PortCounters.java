package org.vnet.daemon.telemetry;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * Frame and byte counters of one interface or link. Written only by the data-plane thread with
 * release stores (no locks), read by anyone.
 */
public final class PortCounters implements AutoCloseable {
    private final AtomicCounter rxFrames;
    private final AtomicCounter rxBytes;
    private final AtomicCounter txFrames;
    private final AtomicCounter txBytes;
    private final AtomicCounter drops;
    private final AtomicCounter sourceDrops;
    private final AtomicCounter[] stormDrops = new AtomicCounter[3];

    /**
     * Allocates the counters labelled "SCOPE NAME METRIC": rxFrames, rxBytes, txFrames, txBytes,
     * drops, sourceDrops, and the storm-control drops broadcastStormDrops, multicastStormDrops,
     * unknownUnicastStormDrops.
     */
    public PortCounters(final CountersManager manager, final String scope, final String name) {
        final String prefix = scope + " " + name + " ";
        rxFrames = manager.newCounter(prefix + "rxFrames");
        rxBytes = manager.newCounter(prefix + "rxBytes");
        txFrames = manager.newCounter(prefix + "txFrames");
        txBytes = manager.newCounter(prefix + "txBytes");
        drops = manager.newCounter(prefix + "drops");
        sourceDrops = manager.newCounter(prefix + "sourceDrops");
        stormDrops[0] = manager.newCounter(prefix + "broadcastStormDrops");
        stormDrops[1] = manager.newCounter(prefix + "multicastStormDrops");
        stormDrops[2] = manager.newCounter(prefix + "unknownUnicastStormDrops");
    }

    /** Counts one frame of {@code bytes} received from this port. */
    public void received(final int bytes) {
        rxFrames.incrementRelease();
        rxBytes.getAndAddRelease(bytes);
    }

    /** Counts one frame of {@code bytes} sent to this port. */
    public void sent(final int bytes) {
        txFrames.incrementRelease();
        txBytes.getAndAddRelease(bytes);
    }

    /** Counts {@code frames} frames of {@code bytes} in all sent to this port. */
    public void sent(final int frames, final long bytes) {
        txFrames.getAndAddRelease(frames);
        txBytes.getAndAddRelease(bytes);
    }

    /** Counts {@code frames} frames dropped on this port. */
    public void dropped(final int frames) {
        drops.getAndAddRelease(frames);
    }

    /** Counts one frame dropped on this port. */
    public void dropped() {
        drops.incrementRelease();
    }

    /** Counts one frame dropped by port security (a source MAC it may not use); also a drop. */
    public void sourceDropped() {
        sourceDrops.incrementRelease();
        drops.incrementRelease();
    }

    /**
     * Counts one frame dropped by storm control; also a drop.
     *
     * @param kind 0 broadcast, 1 multicast, 2 unknown unicast (the switch's {@code StormControl} kinds)
     */
    public void stormDropped(final int kind) {
        stormDrops[kind].incrementRelease();
        drops.incrementRelease();
    }

    /** Frames dropped by port security. */
    public long sourceDrops() {
        return sourceDrops.get();
    }

    /** Frames of {@code kind} (0 broadcast, 1 multicast, 2 unknown unicast) dropped by storm control. */
    public long stormDrops(final int kind) {
        return stormDrops[kind].get();
    }

    /** Frames received. */
    public long rxFrames() {
        return rxFrames.get();
    }

    /** Bytes received. */
    public long rxBytes() {
        return rxBytes.get();
    }

    /** Frames sent. */
    public long txFrames() {
        return txFrames.get();
    }

    /** Bytes sent. */
    public long txBytes() {
        return txBytes.get();
    }

    /** Frames dropped. */
    public long drops() {
        return drops.get();
    }

    @Override
    public void close() {
        rxFrames.close();
        rxBytes.close();
        txFrames.close();
        txBytes.close();
        drops.close();
        sourceDrops.close();
        for (final AtomicCounter c : stormDrops) {
            c.close();
        }
    }
}
