package org.vnet.daemon.datapath;

import org.vnet.nativeio.bpf.DataPathMaps;

/** The kernel data path's counters as {@code vnetctl stats} names them, with their index in {@code vnet_stats}. */
public enum KernelStat {
    /** Frames a TAP sent that the kernel switched to a peer. */
    TX_KERNEL("txSwitchedInKernel", DataPathMaps.VNET_STAT_TX_HIT),
    /** Frames a TAP sent that no flow covered: switched by vnetd. */
    TX_MISS("txSlowPathMiss", DataPathMaps.VNET_STAT_TX_MISS),
    /** Broadcast and multicast frames: switched by vnetd. */
    TX_GROUP("txSlowPathGroup", DataPathMaps.VNET_STAT_TX_GROUP),
    /** Frames of a flow still in its hold-off: switched by vnetd. */
    TX_HOLDOFF("txSlowPathHoldoff", DataPathMaps.VNET_STAT_TX_HOLDOFF),
    /** Frames the kernel could not encapsulate: dropped. */
    TX_ENCAP_FAILED("txEncapFailedDrops", DataPathMaps.VNET_STAT_TX_ENCAP_FAILED),
    /** Frames above the overlay MTU: dropped. */
    TX_OVERSIZE("txOversizeDrops", DataPathMaps.VNET_STAT_TX_OVERSIZE),
    /** Frames from peers the kernel delivered into a TAP. */
    RX_KERNEL("rxSwitchedInKernel", DataPathMaps.VNET_STAT_RX_DELIVERED),
    /** VXLAN packets from a source or VNI that is no peer: dropped. */
    RX_UNKNOWN_PEER("rxUnknownPeerDrops", DataPathMaps.VNET_STAT_RX_UNKNOWN_PEER),
    /** Packets without tunnel metadata: dropped. */
    RX_NO_TUNNEL("rxNoTunnelDrops", DataPathMaps.VNET_STAT_RX_NO_TUNNEL),
    /** Frames from a pinned TAP with another source MAC: dropped. */
    TX_NOT_PINNED("txNotPinnedDrops", DataPathMaps.VNET_STAT_TX_NOT_PINNED),
    /** Broadcast frames over the TAP's storm-control rate: dropped. */
    TX_STORM_BROADCAST("txStormBroadcastDrops", DataPathMaps.VNET_STAT_TX_STORM_BROADCAST),
    /** Multicast frames over the TAP's storm-control rate: dropped. */
    TX_STORM_MULTICAST("txStormMulticastDrops", DataPathMaps.VNET_STAT_TX_STORM_MULTICAST),
    /** Frames from peers with the pinned TAP's MAC as source: dropped. */
    RX_SPOOFED("rxSpoofedDrops", DataPathMaps.VNET_STAT_RX_SPOOFED),
    /** Inference events written into the ring buffer. */
    EVENTS("events", DataPathMaps.VNET_STAT_EVENTS),
    /** Inference events lost because the ring buffer was full (the frame still went). */
    EVENTS_DROPPED("eventsDropped", DataPathMaps.VNET_STAT_EVENTS_DROPPED);

    private final String label;
    private final int index;

    KernelStat(final String label, final int index) {
        this.label = label;
        this.index = index;
    }

    /** Name as shown to operators. */
    public String label() {
        return label;
    }

    /** Index in the {@code vnet_stats} map. */
    public int index() {
        return index;
    }
}
