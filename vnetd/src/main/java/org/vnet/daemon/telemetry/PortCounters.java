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

    /** Allocates the five counters labelled "SCOPE NAME METRIC". */
    public PortCounters(final CountersManager manager, final String scope, final String name) {
        final String prefix = scope + " " + name + " ";
        rxFrames = manager.newCounter(prefix + "rxFrames");
        rxBytes = manager.newCounter(prefix + "rxBytes");
        txFrames = manager.newCounter(prefix + "txFrames");
        txBytes = manager.newCounter(prefix + "txBytes");
        drops = manager.newCounter(prefix + "drops");
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
    }
}
