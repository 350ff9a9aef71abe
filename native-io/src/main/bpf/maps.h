/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * maps.h - every map of vnet's kernel data path, described in one place.
 *
 * Shared by tap_tx.c (tc on each VM's TAP) and vxlan_rx.c (tc ingress on the collect_md VXLAN
 * device). Every map is pinned by name (LIBBPF_PIN_BY_NAME) under the daemon's bpffs folder, so
 * both programs share them and a restarted vnetd finds them again. vnetd writes vnet_ifaces,
 * vnet_flows, vnet_peers and vnet_guards; the programs write the counters, the event ring and the
 * token buckets in vnet_guards. The Java side
 * mirrors these layouts in org.vnet.nativeio.bpf.DataPathMaps: change both together.
 */
#ifndef VNET_MAPS_H
#define VNET_MAPS_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define VNET_FLOWS_MAX    65536
#define VNET_IFACES_MAX   256
#define VNET_PEERS_MAX    1024
#define VNET_PAIRS_MAX    16384
#define VNET_PORTS_MAX    1024            /* vnetd's port ids are < 1024 (Switch.maxPorts) */
#define VNET_EVENTS_BYTES (4 << 20)
#define VNET_EVENT_CAPTURE 128            /* leading frame bytes copied into an event */

/* vnet_ifaces: key = ifindex of a TAP (transmit side) or of a VXLAN device (receive side). 16 B */
struct vnet_iface {
	__u32 port;          /* vnetd's port id of the TAP */
	__u32 peer_ifindex;  /* TAP entry: its VXLAN device; VXLAN entry: its TAP */
	__u32 mtu;           /* TAP MTU: a non-GSO frame longer than mtu + 14 is dropped and counted; 0 = no check */
	__u32 flags;         /* VNET_IF_* */
};
#define VNET_IF_DELIVER_INGRESS 1u   /* receive: redirect into the TAP with BPF_F_INGRESS (namespace testbed); else to its egress (qemu/vhost) */
#define VNET_IF_EVENTS          2u   /* emit inference events into vnet_events */

/* vnet_flows: one exact-match entry per (TAP, source MAC, destination MAC), installed by vnetd's slow path. 16 B */
struct vnet_flow_key {
	__u32 ifindex;       /* the TAP the frame came in by */
	__u8  src[6];
	__u8  dst[6];
};

/* 40 B */
struct vnet_flow {
	__u32 remote[4];     /* peer's underlay address, host byte order words; IPv4 in remote[0], the rest 0 */
	                     /* IPv6: word i = address bytes 4i..4i+3 read big-endian (2001:db8::1 = {0x20010db8, 0, 0, 1}); */
	                     /* the programs convert to the kernel's network-order remote_ipv6 (bpf_htonl / bpf_ntohl per word) */
	__u32 vni;
	__u32 port;          /* vnetd's port id of the egress link */
	__u32 flags;         /* VNET_FLOW_* */
	__u32 pad;
	__u64 active_ns;     /* a miss until bpf_ktime_get_ns() >= active_ns: the slow path's frames drain first */
};
#define VNET_FLOW_IPV6 1u

/* vnet_peers: who may send into a VXLAN device, and as which link. 24 B key, 8 B value */
struct vnet_peer_key {
	__u32 ifindex;       /* the VXLAN device */
	__u32 vni;
	__u32 remote[4];     /* as in struct vnet_flow */
};

struct vnet_peer {
	__u32 port;          /* vnetd's port id of the link */
	__u32 flags;
};

/*
 * vnet_guards: port security and storm control of a TAP, key = the TAP's ifindex. vnetd writes the
 * whole value (which refills the buckets); vnet_tap_tx takes tokens under the value's spin lock, so
 * a TAP's rate holds across CPUs exactly (contention only among CPUs sending broadcast/multicast
 * from the same TAP at once). A bucket counts tokens in frame-nanoseconds: it gains rate tokens a
 * nanosecond and a frame costs VNET_NS_PER_S. 32 B
 */
struct vnet_bucket {
	__u64 rate;          /* frames per second; 0 = no limit */
	__u64 cap;           /* burst in frames * VNET_NS_PER_S */
	__u64 tokens;        /* frames * VNET_NS_PER_S left */
	__u64 last_ns;       /* bpf_ktime_get_ns() of the last refill; 0 = never (full at the first frame) */
};
#define VNET_NS_PER_S           1000000000ull
#define VNET_BUCKET_BROADCAST   0
#define VNET_BUCKET_MULTICAST   1
#define VNET_BUCKETS            2

/* 80 B */
struct vnet_guard {
	struct bpf_spin_lock lock;   /* guards buckets */
	__u32 flags;                 /* VNET_GUARD_* */
	__u8  mac[6];                /* with VNET_GUARD_PIN: the only source MAC the TAP may send from */
	__u16 pad;
	struct vnet_bucket buckets[VNET_BUCKETS];
};
#define VNET_GUARD_PIN 1u        /* drop frames from the TAP whose source is not mac, and frames from peers whose source is */

/* vnet_pairs (per-CPU): traffic per (source MAC, destination MAC, ingress port). 16 B key */
struct vnet_pair_key {
	__u8  src[6];
	__u8  dst[6];
	__u32 port;          /* vnetd's port id the frame entered by: the TAP (transmit) or the link (receive) */
};

/* value of vnet_pairs and vnet_ports (per-CPU): 32 B */
struct vnet_counts {
	__u64 packets;       /* wire packets: max(gso_segs, 1) per skb */
	__u64 bytes;         /* skb->len (a GSO skb's headers once) */
	__u64 first_ns;      /* bpf_ktime_get_ns() of the first packet on this CPU */
	__u64 last_ns;       /* ... of the last */
};

/* vnet_ports (per-CPU array): index = port * 2 + VNET_DIR_*; counts what the kernel switched per vnetd port */
#define VNET_DIR_IN  0   /* entered the switch by this port */
#define VNET_DIR_OUT 1   /* left by this port */

/* vnet_stats (per-CPU array of __u64): data-path counters */
enum vnet_stat {
	VNET_STAT_TX_HIT = 0,        /* frames a TAP sent that the kernel switched */
	VNET_STAT_TX_MISS,           /* no flow: to vnetd (slow path) */
	VNET_STAT_TX_GROUP,          /* broadcast/multicast: to vnetd */
	VNET_STAT_TX_HOLDOFF,        /* flow not active yet: to vnetd */
	VNET_STAT_TX_OVERSIZE,       /* non-GSO frame above the TAP MTU: dropped */
	VNET_STAT_TX_RUNT,           /* shorter than an Ethernet header: to vnetd, which counts and drops it */
	VNET_STAT_RX_DELIVERED,      /* frames from a peer redirected into a TAP */
	VNET_STAT_RX_UNKNOWN_PEER,   /* tunnel source or VNI not in vnet_peers: dropped */
	VNET_STAT_RX_NO_TUNNEL,      /* no tunnel metadata or no vnet_ifaces entry: dropped */
	VNET_STAT_RX_RUNT,           /* shorter than an Ethernet header: dropped */
	VNET_STAT_EVENTS,            /* events written to vnet_events */
	VNET_STAT_EVENTS_DROPPED,    /* events lost because vnet_events was full */
	VNET_STAT_TX_ENCAP_FAILED,   /* bpf_skb_set_tunnel_key failed (no memory for the metadata): dropped */
	VNET_STAT_TX_NOT_PINNED,     /* source MAC not the pinned TAP's MAC: dropped */
	VNET_STAT_TX_STORM_BROADCAST, /* broadcast over the TAP's storm-control rate: dropped */
	VNET_STAT_TX_STORM_MULTICAST, /* multicast over the TAP's storm-control rate: dropped */
	VNET_STAT_RX_SPOOFED,        /* from a peer with the pinned TAP's MAC as source: dropped */
	VNET_STAT_MAX
};

/* vnet_events (ring buffer) record: 152 B */
struct vnet_event {
	__u64 ts_ns;         /* bpf_ktime_get_ns() (CLOCK_MONOTONIC) */
	__u32 port;          /* observer: the TAP's port id (transmit) or the link's (receive) */
	__u32 len;           /* skb->len */
	__u16 segs;          /* max(gso_segs, 1) */
	__u8  direction;     /* 1 = a local VM sent it, 2 = it came from a link (EventRecord's TX / RX) */
	__u8  pad;
	__u16 caplen;        /* bytes valid in data */
	__u16 pad2;
	__u8  data[VNET_EVENT_CAPTURE];
};
#define VNET_EVENT_TX 1
#define VNET_EVENT_RX 2

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VNET_IFACES_MAX);
	__type(key, __u32);
	__type(value, struct vnet_iface);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vnet_ifaces SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VNET_FLOWS_MAX);
	__type(key, struct vnet_flow_key);
	__type(value, struct vnet_flow);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vnet_flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VNET_PEERS_MAX);
	__type(key, struct vnet_peer_key);
	__type(value, struct vnet_peer);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vnet_peers SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VNET_IFACES_MAX);
	__type(key, __u32);
	__type(value, struct vnet_guard);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vnet_guards SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__uint(max_entries, VNET_PAIRS_MAX);
	__type(key, struct vnet_pair_key);
	__type(value, struct vnet_counts);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vnet_pairs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VNET_PORTS_MAX * 2);
	__type(key, __u32);
	__type(value, struct vnet_counts);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vnet_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VNET_STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vnet_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, VNET_EVENTS_BYTES);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vnet_events SEC(".maps");

#endif /* VNET_MAPS_H */
