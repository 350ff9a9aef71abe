package org.vnet.nativeio.bpf;

import org.agrona.concurrent.UnsafeBuffer;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The Java mirror of {@code src/main/bpf/maps.h}: map names, sizes, field offsets, flags, counter
 * indexes, and encoders and decoders over {@link UnsafeBuffer}s. Change both files together.
 * Integers are native (little-endian) order as the programs read them; MACs are 6 bytes in wire
 * order, passed here as a 48-bit {@code long} with the first octet most significant. The encoders
 * write at index 0, allocate nothing (except those taking an {@link InetAddress}) and return the
 * bytes written.
 *
 * <p>Over 500 lines on purpose: one class per header keeps every offset beside the one it mirrors,
 * checked as a whole by {@code MapsHeaderTest}.
 *
 * <p>Underlay addresses ({@code remote[4]}) are four host-order 32-bit words: IPv4 a.b.c.d is
 * {@code remote[0] = a<<24 | b<<16 | c<<8 | d}, the rest 0; IPv6 is its four big-endian words, each
 * stored as a native u32 (word {@code i} = bytes {@code 4i..4i+3} of the address, first most significant:
 * 2001:db8::1 is {@code {0x20010db8, 0, 0, 1}}); the programs convert IPv6 words to the kernel's
 * network-order {@code remote_ipv6} themselves.
 *
 * <pre>
 * vnet_ifaces  key u32 ifindex         value struct vnet_iface (16 B)
 *   port@0 peer_ifindex@4 mtu@8 flags@12
 * vnet_flows   key struct vnet_flow_key (16 B)    value struct vnet_flow (40 B)
 *   key:   ifindex@0 src[6]@4 dst[6]@10
 *   value: remote[4]@0 vni@16 port@20 flags@24 pad@28 active_ns@32 (u64)
 * vnet_peers   key struct vnet_peer_key (24 B)    value struct vnet_peer (8 B)
 *   key:   ifindex@0 vni@4 remote[4]@8             value: port@0 flags@4
 * vnet_pairs   key struct vnet_pair_key (16 B)    value struct vnet_counts per CPU (32 B)
 *   key:   src[6]@0 dst[6]@6 port@12               value: packets@0 bytes@8 first_ns@16 last_ns@24
 * vnet_ports   key u32 port*2+dir                 value struct vnet_counts per CPU
 * vnet_stats   key u32 VNET_STAT_*                value u64 per CPU
 * vnet_guards  key u32 ifindex of a TAP           value struct vnet_guard (80 B)
 *   lock@0 flags@4 mac[6]@8 buckets[2]@16, each struct vnet_bucket (32 B):
 *   rate@0 cap@8 tokens@16 last_ns@24 (u64)
 * vnet_events  ring buffer of struct vnet_event (152 B)
 *   ts_ns@0 (u64) port@8 len@12 segs@16 (u16) direction@18 (u8) caplen@20 (u16) data[128]@24
 * </pre>
 */
public final class DataPathMaps
{
    /** Program in {@code tap_tx.o}: tc hook on each VM's TAP. */
    public static final String TAP_TX_PROGRAM = "vnet_tap_tx";
    /** Program in {@code vxlan_rx.o}: tc ingress of the collect_md VXLAN device. */
    public static final String VXLAN_RX_PROGRAM = "vnet_vxlan_rx";

    /** Map {@code vnet_ifaces}: TAP / VXLAN device settings by ifindex. */
    public static final String VNET_IFACES = "vnet_ifaces";
    /** Map {@code vnet_flows}: exact-match flows installed by the slow path. */
    public static final String VNET_FLOWS = "vnet_flows";
    /** Map {@code vnet_peers}: who may send into a VXLAN device. */
    public static final String VNET_PEERS = "vnet_peers";
    /** Map {@code vnet_pairs} (per-CPU LRU): traffic per MAC pair and ingress port. */
    public static final String VNET_PAIRS = "vnet_pairs";
    /** Map {@code vnet_ports} (per-CPU array): traffic per port and direction. */
    public static final String VNET_PORTS = "vnet_ports";
    /** Map {@code vnet_stats} (per-CPU array of u64): data-path counters. */
    public static final String VNET_STATS = "vnet_stats";
    /** Map {@code vnet_guards}: port security and storm control by TAP ifindex. */
    public static final String VNET_GUARDS = "vnet_guards";
    /** Map {@code vnet_events} (ring buffer of {@code struct vnet_event}). */
    public static final String VNET_EVENTS = "vnet_events";

    /** {@code VNET_FLOWS_MAX}. */
    public static final int FLOWS_MAX = 65536;
    /** {@code VNET_IFACES_MAX}. */
    public static final int IFACES_MAX = 256;
    /** {@code VNET_PEERS_MAX}. */
    public static final int PEERS_MAX = 1024;
    /** {@code VNET_PAIRS_MAX}. */
    public static final int PAIRS_MAX = 16384;
    /** {@code VNET_PORTS_MAX}: vnetd port ids are below this. */
    public static final int PORTS_MAX = 1024;
    /** {@code VNET_EVENTS_BYTES}: data size of the event ring. */
    public static final int EVENTS_BYTES = 4 << 20;
    /** {@code VNET_EVENT_CAPTURE}: leading frame bytes copied into an event. */
    public static final int EVENT_CAPTURE = 128;

    /** Bytes of a MAC address. */
    public static final int MAC_LENGTH = 6;
    /** Bytes of {@code remote[4]}. */
    public static final int REMOTE_LENGTH = 16;

    // vnet_ifaces
    /** Key of {@code vnet_ifaces}: a u32 ifindex. */
    public static final int IFACE_KEY_LENGTH = 4;
    /** {@code sizeof(struct vnet_iface)}. */
    public static final int IFACE_LENGTH = 16;
    /** {@code vnet_iface.port}. */
    public static final int IFACE_PORT_OFFSET = 0;
    /** {@code vnet_iface.peer_ifindex}. */
    public static final int IFACE_PEER_IFINDEX_OFFSET = 4;
    /** {@code vnet_iface.mtu}. */
    public static final int IFACE_MTU_OFFSET = 8;
    /** {@code vnet_iface.flags}. */
    public static final int IFACE_FLAGS_OFFSET = 12;
    /** {@code VNET_IF_DELIVER_INGRESS}: receive redirects into the TAP with BPF_F_INGRESS (namespace testbed). */
    public static final int VNET_IF_DELIVER_INGRESS = 1;
    /** {@code VNET_IF_EVENTS}: emit inference events into {@code vnet_events}. */
    public static final int VNET_IF_EVENTS = 2;

    // vnet_guards
    /** {@code sizeof(struct vnet_guard)}. */
    public static final int GUARD_LENGTH = 80;
    /** {@code vnet_guard.flags}. */
    public static final int GUARD_FLAGS_OFFSET = 4;
    /** {@code vnet_guard.mac}. */
    public static final int GUARD_MAC_OFFSET = 8;
    /** {@code vnet_guard.buckets}. */
    public static final int GUARD_BUCKETS_OFFSET = 16;
    /** {@code sizeof(struct vnet_bucket)}. */
    public static final int BUCKET_LENGTH = 32;
    /** {@code vnet_bucket.rate}: frames per second, 0 = no limit. */
    public static final int BUCKET_RATE_OFFSET = 0;
    /** {@code vnet_bucket.cap}: burst in frames times {@link #NS_PER_S}. */
    public static final int BUCKET_CAP_OFFSET = 8;
    /** {@code vnet_bucket.tokens}. */
    public static final int BUCKET_TOKENS_OFFSET = 16;
    /** {@code vnet_bucket.last_ns}. */
    public static final int BUCKET_LAST_NS_OFFSET = 24;
    /** {@code VNET_NS_PER_S}: what a frame costs in a bucket. */
    public static final long NS_PER_S = 1_000_000_000L;
    /** {@code VNET_BUCKET_BROADCAST}. */
    public static final int VNET_BUCKET_BROADCAST = 0;
    /** {@code VNET_BUCKET_MULTICAST}. */
    public static final int VNET_BUCKET_MULTICAST = 1;
    /** {@code VNET_BUCKETS}. */
    public static final int VNET_BUCKETS = 2;
    /** {@code VNET_GUARD_PIN}: the TAP may send only from {@code mac}. */
    public static final int VNET_GUARD_PIN = 1;

    // vnet_flows
    /** {@code sizeof(struct vnet_flow_key)}. */
    public static final int FLOW_KEY_LENGTH = 16;
    /** {@code vnet_flow_key.ifindex}. */
    public static final int FLOW_KEY_IFINDEX_OFFSET = 0;
    /** {@code vnet_flow_key.src}. */
    public static final int FLOW_KEY_SRC_OFFSET = 4;
    /** {@code vnet_flow_key.dst}. */
    public static final int FLOW_KEY_DST_OFFSET = 10;
    /** {@code sizeof(struct vnet_flow)}. */
    public static final int FLOW_LENGTH = 40;
    /** {@code vnet_flow.remote}. */
    public static final int FLOW_REMOTE_OFFSET = 0;
    /** {@code vnet_flow.vni}. */
    public static final int FLOW_VNI_OFFSET = 16;
    /** {@code vnet_flow.port}. */
    public static final int FLOW_PORT_OFFSET = 20;
    /** {@code vnet_flow.flags}. */
    public static final int FLOW_FLAGS_OFFSET = 24;
    /** {@code vnet_flow.pad}. */
    public static final int FLOW_PAD_OFFSET = 28;
    /** {@code vnet_flow.active_ns} (u64). */
    public static final int FLOW_ACTIVE_NS_OFFSET = 32;
    /** {@code VNET_FLOW_IPV6}: remote is an IPv6 address. */
    public static final int VNET_FLOW_IPV6 = 1;

    // vnet_peers
    /** {@code sizeof(struct vnet_peer_key)}. */
    public static final int PEER_KEY_LENGTH = 24;
    /** {@code vnet_peer_key.ifindex}. */
    public static final int PEER_KEY_IFINDEX_OFFSET = 0;
    /** {@code vnet_peer_key.vni}. */
    public static final int PEER_KEY_VNI_OFFSET = 4;
    /** {@code vnet_peer_key.remote}. */
    public static final int PEER_KEY_REMOTE_OFFSET = 8;
    /** {@code sizeof(struct vnet_peer)}. */
    public static final int PEER_LENGTH = 8;
    /** {@code vnet_peer.port}. */
    public static final int PEER_PORT_OFFSET = 0;
    /** {@code vnet_peer.flags}. */
    public static final int PEER_FLAGS_OFFSET = 4;

    // vnet_pairs
    /** {@code sizeof(struct vnet_pair_key)}. */
    public static final int PAIR_KEY_LENGTH = 16;
    /** {@code vnet_pair_key.src}. */
    public static final int PAIR_KEY_SRC_OFFSET = 0;
    /** {@code vnet_pair_key.dst}. */
    public static final int PAIR_KEY_DST_OFFSET = 6;
    /** {@code vnet_pair_key.port}. */
    public static final int PAIR_KEY_PORT_OFFSET = 12;

    // vnet_counts: value of vnet_pairs and vnet_ports
    /** {@code sizeof(struct vnet_counts)}: one CPU's value (already a multiple of 8). */
    public static final int COUNTS_LENGTH = 32;
    /** {@code vnet_counts.packets}: wire packets, {@code max(gso_segs, 1)} per skb. */
    public static final int COUNTS_PACKETS_OFFSET = 0;
    /** {@code vnet_counts.bytes}: {@code skb->len}. */
    public static final int COUNTS_BYTES_OFFSET = 8;
    /** {@code vnet_counts.first_ns}. */
    public static final int COUNTS_FIRST_NS_OFFSET = 16;
    /** {@code vnet_counts.last_ns}. */
    public static final int COUNTS_LAST_NS_OFFSET = 24;

    // vnet_ports
    /** Key of {@code vnet_ports}: a u32 index. */
    public static final int PORT_KEY_LENGTH = 4;
    /** {@code VNET_DIR_IN}: entered the switch by this port. */
    public static final int VNET_DIR_IN = 0;
    /** {@code VNET_DIR_OUT}: left the switch by this port. */
    public static final int VNET_DIR_OUT = 1;

    // vnet_stats
    /** Key of {@code vnet_stats}: a u32 index. */
    public static final int STAT_KEY_LENGTH = 4;
    /** One CPU's value of {@code vnet_stats}: a u64. */
    public static final int STAT_LENGTH = 8;
    /** Frames a TAP sent that the kernel switched. */
    public static final int VNET_STAT_TX_HIT = 0;
    /** No flow: to vnetd (slow path). */
    public static final int VNET_STAT_TX_MISS = 1;
    /** Broadcast/multicast: to vnetd. */
    public static final int VNET_STAT_TX_GROUP = 2;
    /** Flow not active yet: to vnetd. */
    public static final int VNET_STAT_TX_HOLDOFF = 3;
    /** Non-GSO frame above the TAP MTU: dropped. */
    public static final int VNET_STAT_TX_OVERSIZE = 4;
    /** Shorter than an Ethernet header: to vnetd. */
    public static final int VNET_STAT_TX_RUNT = 5;
    /** Frames from a peer redirected into a TAP. */
    public static final int VNET_STAT_RX_DELIVERED = 6;
    /** Tunnel source or VNI not in {@code vnet_peers}: dropped. */
    public static final int VNET_STAT_RX_UNKNOWN_PEER = 7;
    /** No tunnel metadata or no {@code vnet_ifaces} entry: dropped. */
    public static final int VNET_STAT_RX_NO_TUNNEL = 8;
    /** Shorter than an Ethernet header: dropped. */
    public static final int VNET_STAT_RX_RUNT = 9;
    /** Events written to {@code vnet_events}. */
    public static final int VNET_STAT_EVENTS = 10;
    /** Events lost because {@code vnet_events} was full. */
    public static final int VNET_STAT_EVENTS_DROPPED = 11;
    /** {@code bpf_skb_set_tunnel_key} failed (no memory for the metadata): dropped. */
    public static final int VNET_STAT_TX_ENCAP_FAILED = 12;
    /** Source MAC not the pinned TAP's MAC: dropped. */
    public static final int VNET_STAT_TX_NOT_PINNED = 13;
    /** Broadcast over the TAP's storm-control rate: dropped. */
    public static final int VNET_STAT_TX_STORM_BROADCAST = 14;
    /** Multicast over the TAP's storm-control rate: dropped. */
    public static final int VNET_STAT_TX_STORM_MULTICAST = 15;
    /** From a peer with the pinned TAP's MAC as source: dropped. */
    public static final int VNET_STAT_RX_SPOOFED = 16;
    /** {@code VNET_STAT_MAX}: number of counters. */
    public static final int VNET_STAT_MAX = 17;

    private static final String[] STAT_NAMES = {
        "tx_hit", "tx_miss", "tx_group", "tx_holdoff", "tx_oversize", "tx_runt",
        "rx_delivered", "rx_unknown_peer", "rx_no_tunnel", "rx_runt", "events", "events_dropped", "tx_encap_failed",
        "tx_not_pinned", "tx_storm_broadcast", "tx_storm_multicast", "rx_spoofed"};

    // vnet_events
    /** {@code sizeof(struct vnet_event)}. */
    public static final int EVENT_LENGTH = 152;
    /** {@code vnet_event.ts_ns} (u64, CLOCK_MONOTONIC). */
    public static final int EVENT_TS_NS_OFFSET = 0;
    /** {@code vnet_event.port} (u32). */
    public static final int EVENT_PORT_OFFSET = 8;
    /** {@code vnet_event.len} (u32, {@code skb->len}). */
    public static final int EVENT_LEN_OFFSET = 12;
    /** {@code vnet_event.segs} (u16). */
    public static final int EVENT_SEGS_OFFSET = 16;
    /** {@code vnet_event.direction} (u8). */
    public static final int EVENT_DIRECTION_OFFSET = 18;
    /** {@code vnet_event.caplen} (u16). */
    public static final int EVENT_CAPLEN_OFFSET = 20;
    /** {@code vnet_event.data}. */
    public static final int EVENT_DATA_OFFSET = 24;
    /** {@code VNET_EVENT_TX}: a local VM sent it. */
    public static final int VNET_EVENT_TX = 1;
    /** {@code VNET_EVENT_RX}: it came from a link. */
    public static final int VNET_EVENT_RX = 2;

    private DataPathMaps()
    {
    }

    /**
     * Name of a {@code vnet_stats} index, such as {@code "tx_hit"}.
     *
     * @param stat a {@code VNET_STAT_*} index.
     * @return the name, or {@code "stat N"} out of range.
     */
    public static String statName(final int stat)
    {
        return stat >= 0 && stat < STAT_NAMES.length ? STAT_NAMES[stat] : "stat " + stat;
    }

    /**
     * Writes a MAC as 6 bytes in wire order.
     *
     * @param buffer destination.
     * @param index  where the first octet goes.
     * @param mac    48-bit MAC, first octet most significant.
     */
    public static void putMac(final UnsafeBuffer buffer, final int index, final long mac)
    {
        for (int i = 0; i < MAC_LENGTH; i++)
        {
            buffer.putByte(index + i, (byte)(mac >>> (40 - 8 * i)));
        }
    }

    /**
     * Reads 6 wire-order bytes as a MAC.
     *
     * @param buffer source.
     * @param index  where the first octet is.
     * @return 48-bit MAC, first octet most significant.
     */
    public static long getMac(final UnsafeBuffer buffer, final int index)
    {
        long mac = 0;
        for (int i = 0; i < MAC_LENGTH; i++)
        {
            mac = (mac << 8) | (buffer.getByte(index + i) & 0xFFL);
        }
        return mac;
    }

    /**
     * A u32 key, for {@code vnet_ifaces} (ifindex), {@code vnet_ports} and {@code vnet_stats} (index).
     *
     * @param buffer destination.
     * @param value  the key.
     * @return 4.
     */
    public static int u32Key(final UnsafeBuffer buffer, final int value)
    {
        buffer.putInt(0, value);
        return 4;
    }

    /**
     * A {@code vnet_iface} value.
     *
     * @param buffer      destination.
     * @param port        vnetd's port id of the TAP.
     * @param peerIfindex TAP entry: its VXLAN device; VXLAN entry: its TAP.
     * @param mtu         TAP MTU (0 = no check).
     * @param flags       {@code VNET_IF_*}.
     * @return {@value #IFACE_LENGTH}.
     */
    public static int iface(final UnsafeBuffer buffer, final int port, final int peerIfindex, final int mtu,
        final int flags)
    {
        buffer.putInt(IFACE_PORT_OFFSET, port);
        buffer.putInt(IFACE_PEER_IFINDEX_OFFSET, peerIfindex);
        buffer.putInt(IFACE_MTU_OFFSET, mtu);
        buffer.putInt(IFACE_FLAGS_OFFSET, flags);
        return IFACE_LENGTH;
    }

    /**
     * A {@code vnet_guard} value with full buckets (the lock word is written as 0; the kernel keeps its own).
     *
     * @param buffer          destination.
     * @param pinnedMac       the only source MAC allowed, or -1 for any.
     * @param broadcastRate   broadcast frames per second, 0 = no limit.
     * @param broadcastBurst  broadcast burst in frames.
     * @param multicastRate   multicast frames per second, 0 = no limit.
     * @param multicastBurst  multicast burst in frames.
     * @return {@value #GUARD_LENGTH}.
     */
    public static int guard(final UnsafeBuffer buffer, final long pinnedMac, final long broadcastRate,
        final long broadcastBurst, final long multicastRate, final long multicastBurst)
    {
        buffer.setMemory(0, GUARD_LENGTH, (byte)0);
        if (pinnedMac >= 0)
        {
            buffer.putInt(GUARD_FLAGS_OFFSET, VNET_GUARD_PIN);
            putMac(buffer, GUARD_MAC_OFFSET, pinnedMac);
        }
        bucket(buffer, GUARD_BUCKETS_OFFSET + VNET_BUCKET_BROADCAST * BUCKET_LENGTH, broadcastRate, broadcastBurst);
        bucket(buffer, GUARD_BUCKETS_OFFSET + VNET_BUCKET_MULTICAST * BUCKET_LENGTH, multicastRate, multicastBurst);
        return GUARD_LENGTH;
    }

    private static void bucket(final UnsafeBuffer buffer, final int index, final long rate, final long burst)
    {
        final long cap = rate > 0 ? burst * NS_PER_S : 0;
        buffer.putLong(index + BUCKET_RATE_OFFSET, rate);
        buffer.putLong(index + BUCKET_CAP_OFFSET, cap);
        buffer.putLong(index + BUCKET_TOKENS_OFFSET, cap);
        buffer.putLong(index + BUCKET_LAST_NS_OFFSET, 0);
    }

    /**
     * A {@code vnet_flow_key}.
     *
     * @param buffer  destination.
     * @param ifindex the TAP the frame came in by.
     * @param srcMac  source MAC.
     * @param dstMac  destination MAC.
     * @return {@value #FLOW_KEY_LENGTH}.
     */
    public static int flowKey(final UnsafeBuffer buffer, final int ifindex, final long srcMac, final long dstMac)
    {
        buffer.putInt(FLOW_KEY_IFINDEX_OFFSET, ifindex);
        putMac(buffer, FLOW_KEY_SRC_OFFSET, srcMac);
        putMac(buffer, FLOW_KEY_DST_OFFSET, dstMac);
        return FLOW_KEY_LENGTH;
    }

    /**
     * A {@code vnet_flow} from address words.
     *
     * @param buffer   destination.
     * @param remote   4 host-order words (see {@link #remoteWords}).
     * @param vni      VXLAN network identifier.
     * @param port     vnetd's port id of the egress link.
     * @param flags    {@code VNET_FLOW_*}.
     * @param activeNs CLOCK_MONOTONIC ns from which the flow is used (0 = now).
     * @return {@value #FLOW_LENGTH}.
     */
    public static int flow(final UnsafeBuffer buffer, final int[] remote, final int vni, final int port,
        final int flags, final long activeNs)
    {
        putRemote(buffer, FLOW_REMOTE_OFFSET, remote);
        buffer.putInt(FLOW_VNI_OFFSET, vni);
        buffer.putInt(FLOW_PORT_OFFSET, port);
        buffer.putInt(FLOW_FLAGS_OFFSET, flags);
        buffer.putInt(FLOW_PAD_OFFSET, 0);
        buffer.putLong(FLOW_ACTIVE_NS_OFFSET, activeNs);
        return FLOW_LENGTH;
    }

    /**
     * A {@code vnet_flow} from an address; {@link #VNET_FLOW_IPV6} is set or cleared in
     * {@code flags} by the address family.
     *
     * @param buffer   destination.
     * @param remote   the peer's underlay address.
     * @param vni      VXLAN network identifier.
     * @param port     vnetd's port id of the egress link.
     * @param flags    other {@code VNET_FLOW_*} flags.
     * @param activeNs CLOCK_MONOTONIC ns from which the flow is used (0 = now).
     * @return {@value #FLOW_LENGTH}.
     */
    public static int flow(final UnsafeBuffer buffer, final InetAddress remote, final int vni, final int port,
        final int flags, final long activeNs)
    {
        final int family = remote instanceof Inet6Address ? VNET_FLOW_IPV6 : 0;
        return flow(buffer, remoteWords(remote), vni, port, (flags & ~VNET_FLOW_IPV6) | family, activeNs);
    }

    /**
     * A {@code vnet_peer_key} from address words.
     *
     * @param buffer  destination.
     * @param ifindex the VXLAN device.
     * @param vni     VXLAN network identifier.
     * @param remote  4 host-order words.
     * @return {@value #PEER_KEY_LENGTH}.
     */
    public static int peerKey(final UnsafeBuffer buffer, final int ifindex, final int vni, final int[] remote)
    {
        buffer.putInt(PEER_KEY_IFINDEX_OFFSET, ifindex);
        buffer.putInt(PEER_KEY_VNI_OFFSET, vni);
        putRemote(buffer, PEER_KEY_REMOTE_OFFSET, remote);
        return PEER_KEY_LENGTH;
    }

    /**
     * A {@code vnet_peer_key} from an address.
     *
     * @param buffer  destination.
     * @param ifindex the VXLAN device.
     * @param vni     VXLAN network identifier.
     * @param remote  the peer's underlay address.
     * @return {@value #PEER_KEY_LENGTH}.
     */
    public static int peerKey(final UnsafeBuffer buffer, final int ifindex, final int vni, final InetAddress remote)
    {
        return peerKey(buffer, ifindex, vni, remoteWords(remote));
    }

    /**
     * A {@code vnet_peer} value.
     *
     * @param buffer destination.
     * @param port   vnetd's port id of the link.
     * @param flags  flags (none defined yet).
     * @return {@value #PEER_LENGTH}.
     */
    public static int peer(final UnsafeBuffer buffer, final int port, final int flags)
    {
        buffer.putInt(PEER_PORT_OFFSET, port);
        buffer.putInt(PEER_FLAGS_OFFSET, flags);
        return PEER_LENGTH;
    }

    /**
     * A {@code vnet_pair_key}.
     *
     * @param buffer destination.
     * @param srcMac source MAC.
     * @param dstMac destination MAC.
     * @param port   vnetd's port id the frame entered by.
     * @return {@value #PAIR_KEY_LENGTH}.
     */
    public static int pairKey(final UnsafeBuffer buffer, final long srcMac, final long dstMac, final int port)
    {
        putMac(buffer, PAIR_KEY_SRC_OFFSET, srcMac);
        putMac(buffer, PAIR_KEY_DST_OFFSET, dstMac);
        buffer.putInt(PAIR_KEY_PORT_OFFSET, port);
        return PAIR_KEY_LENGTH;
    }

    /**
     * Source MAC of a {@code vnet_pair_key}.
     *
     * @param key the key at index 0.
     * @return the MAC.
     */
    public static long pairSrcMac(final UnsafeBuffer key)
    {
        return getMac(key, PAIR_KEY_SRC_OFFSET);
    }

    /**
     * Destination MAC of a {@code vnet_pair_key}.
     *
     * @param key the key at index 0.
     * @return the MAC.
     */
    public static long pairDstMac(final UnsafeBuffer key)
    {
        return getMac(key, PAIR_KEY_DST_OFFSET);
    }

    /**
     * Ingress port of a {@code vnet_pair_key}.
     *
     * @param key the key at index 0.
     * @return vnetd's port id.
     */
    public static int pairPort(final UnsafeBuffer key)
    {
        return key.getInt(PAIR_KEY_PORT_OFFSET);
    }

    /**
     * Index into {@code vnet_ports}.
     *
     * @param port      vnetd's port id, below {@link #PORTS_MAX}.
     * @param direction {@link #VNET_DIR_IN} or {@link #VNET_DIR_OUT}.
     * @return {@code port * 2 + direction}.
     */
    public static int portIndex(final int port, final int direction)
    {
        return port * 2 + direction;
    }

    /**
     * Sums a u64 field over the CPUs of a per-CPU value (packets, bytes, a stat).
     *
     * @param value  a per-CPU value buffer as {@link BpfMap#lookup} fills it.
     * @param stride {@link BpfMap#valueStride()}.
     * @param cpus   {@link BpfMap#possibleCpus()}.
     * @param offset field offset within one CPU's value.
     * @return the sum.
     */
    public static long sum(final UnsafeBuffer value, final int stride, final int cpus, final int offset)
    {
        long total = 0;
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            total += value.getLong(cpu * stride + offset);
        }
        return total;
    }

    /**
     * Largest u64 field over the CPUs (e.g. {@code last_ns}).
     *
     * @param value  a per-CPU value buffer.
     * @param stride {@link BpfMap#valueStride()}.
     * @param cpus   {@link BpfMap#possibleCpus()}.
     * @param offset field offset.
     * @return the maximum (unsigned values below 2^63 assumed).
     */
    public static long max(final UnsafeBuffer value, final int stride, final int cpus, final int offset)
    {
        long max = 0;
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            max = Math.max(max, value.getLong(cpu * stride + offset));
        }
        return max;
    }

    /**
     * Smallest non-zero u64 field over the CPUs (e.g. {@code first_ns}, 0 on CPUs that saw nothing).
     *
     * @param value  a per-CPU value buffer.
     * @param stride {@link BpfMap#valueStride()}.
     * @param cpus   {@link BpfMap#possibleCpus()}.
     * @param offset field offset.
     * @return the minimum, or 0 when every CPU has 0.
     */
    public static long minNonZero(final UnsafeBuffer value, final int stride, final int cpus, final int offset)
    {
        long min = 0;
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            final long v = value.getLong(cpu * stride + offset);
            if (0 != v && (0 == min || v < min))
            {
                min = v;
            }
        }
        return min;
    }

    /**
     * {@code vnet_event.ts_ns} of an event record.
     *
     * @param buffer the record's buffer.
     * @param offset where the record starts.
     * @return CLOCK_MONOTONIC ns.
     */
    public static long eventTimestampNs(final UnsafeBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + EVENT_TS_NS_OFFSET);
    }

    /**
     * {@code vnet_event.port}.
     *
     * @param buffer the record's buffer.
     * @param offset where the record starts.
     * @return the observing port id.
     */
    public static int eventPort(final UnsafeBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + EVENT_PORT_OFFSET);
    }

    /**
     * {@code vnet_event.len}.
     *
     * @param buffer the record's buffer.
     * @param offset where the record starts.
     * @return {@code skb->len}.
     */
    public static int eventLength(final UnsafeBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + EVENT_LEN_OFFSET);
    }

    /**
     * {@code vnet_event.segs}.
     *
     * @param buffer the record's buffer.
     * @param offset where the record starts.
     * @return wire packets, at least 1.
     */
    public static int eventSegments(final UnsafeBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + EVENT_SEGS_OFFSET) & 0xFFFF;
    }

    /**
     * {@code vnet_event.direction}.
     *
     * @param buffer the record's buffer.
     * @param offset where the record starts.
     * @return {@link #VNET_EVENT_TX} or {@link #VNET_EVENT_RX}.
     */
    public static int eventDirection(final UnsafeBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + EVENT_DIRECTION_OFFSET) & 0xFF;
    }

    /**
     * {@code vnet_event.caplen}.
     *
     * @param buffer the record's buffer.
     * @param offset where the record starts.
     * @return captured bytes at {@link #EVENT_DATA_OFFSET}, at most {@link #EVENT_CAPTURE}.
     */
    public static int eventCaptureLength(final UnsafeBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + EVENT_CAPLEN_OFFSET) & 0xFFFF;
    }

    /**
     * The {@code remote[4]} words of an address.
     *
     * @param address IPv4 or IPv6.
     * @return 4 host-order words (IPv4 in word 0, the rest 0).
     */
    public static int[] remoteWords(final InetAddress address)
    {
        final byte[] bytes = address.getAddress();
        final int[] words = new int[4];
        if (address instanceof Inet4Address)
        {
            words[0] = word(bytes, 0);
        }
        else
        {
            for (int i = 0; i < 4; i++)
            {
                words[i] = word(bytes, 4 * i);
            }
        }
        return words;
    }

    /**
     * The address held in {@code remote[4]} words.
     *
     * @param words the 4 words.
     * @param ipv6  whether {@link #VNET_FLOW_IPV6} is set.
     * @return the address.
     */
    public static InetAddress remoteAddress(final int[] words, final boolean ipv6)
    {
        final byte[] bytes = new byte[ipv6 ? 16 : 4];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)(words[i >> 2] >>> (24 - 8 * (i & 3)));
        }
        try
        {
            return InetAddress.getByAddress(bytes);
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Reads {@code remote[4]} words.
     *
     * @param buffer source.
     * @param index  where the words start.
     * @param words  receives 4 words.
     */
    public static void getRemote(final UnsafeBuffer buffer, final int index, final int[] words)
    {
        for (int i = 0; i < 4; i++)
        {
            words[i] = buffer.getInt(index + 4 * i);
        }
    }

    private static void putRemote(final UnsafeBuffer buffer, final int index, final int[] remote)
    {
        if (remote.length != 4)
        {
            throw new IllegalArgumentException("remote needs 4 words, got " + remote.length);
        }
        for (int i = 0; i < 4; i++)
        {
            buffer.putInt(index + 4 * i, remote[i]);
        }
    }

    private static int word(final byte[] bytes, final int index)
    {
        return (bytes[index] & 0xFF) << 24 | (bytes[index + 1] & 0xFF) << 16 | (bytes[index + 2] & 0xFF) << 8 |
            (bytes[index + 3] & 0xFF);
    }
}
