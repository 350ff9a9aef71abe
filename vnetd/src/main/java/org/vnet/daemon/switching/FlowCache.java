package org.vnet.daemon.switching;

/**
 * Where the switch reports the decisions a kernel data path may take over: a frame from a local
 * interface whose (source, destination) went to exactly one port. Data-plane thread only; must not
 * allocate or throw, and must not slow the switch beyond one map write per new flow.
 */
public interface FlowCache {
    /** A frame from {@code ingress} with {@code src}/{@code dst} was sent to {@code egress} alone. */
    void onUnicast(Port ingress, long src, long dst, Port egress, long nowMillis);

    /** Local interface {@code port} was pinned to {@code mac}, the first it sent from (port security). */
    default void onPinned(final Port port, final long mac) {
    }

    /** What {@code link}'s peer takes changed (its offer); flows through it are reconsidered. */
    void onLinkChanged(Port link);
}
