/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * counters.h - the per-CPU counters: vnet_stats (data-path events), vnet_ports (per vnetd port and
 * direction) and vnet_pairs (per source MAC, destination MAC and ingress port). No atomics: every
 * value is this CPU's own, summed by vnetd.
 */
#ifndef VNET_COUNTERS_H
#define VNET_COUNTERS_H

#include "maps.h"
#include "eth.h"

/* What one skb counts for: read once per frame, shared by the counters and the event. */
struct vnet_pkt {
	__u64 now;    /* bpf_ktime_get_ns() */
	__u32 len;    /* skb->len: a GSO super-frame's headers once */
	__u32 segs;   /* wire packets: max(gso_segs, 1) */
};

static __always_inline void vnet_pkt_init(struct vnet_pkt *p, const struct __sk_buff *skb, __u64 now)
{
	__u32 segs = skb->gso_segs;

	p->now = now;
	p->len = skb->len;
	p->segs = segs ? segs : 1;
}

static __always_inline void stat_inc(__u32 stat)
{
	__u64 *v = bpf_map_lookup_elem(&vnet_stats, &stat);

	if (v)
		*v += 1;
}

static __always_inline void counts_add(struct vnet_counts *c, const struct vnet_pkt *p)
{
	c->packets += p->segs;
	c->bytes += p->len;
	if (!c->first_ns)
		c->first_ns = p->now;
	c->last_ns = p->now;
}

/* vnet_ports[port * 2 + dir]; a port id out of range counts nowhere rather than on another port. */
static __always_inline void port_count(__u32 port, __u32 dir, const struct vnet_pkt *p)
{
	if (port >= VNET_PORTS_MAX)
		return;

	__u32 index = port * 2 + dir;
	struct vnet_counts *c = bpf_map_lookup_elem(&vnet_ports, &index);

	if (c)
		counts_add(c, p);
}

/*
 * vnet_pairs{src, dst, port}. A new pair is inserted with BPF_NOEXIST holding this packet (the
 * kernel zeroes the other CPUs' values); if another CPU inserted it first, add to this CPU's value.
 * When the LRU map is full the kernel evicts the least recently used pair.
 */
static __always_inline void pair_count(const struct vnet_macs *m, __u32 port, const struct vnet_pkt *p)
{
	struct vnet_pair_key key = { .port = port };

	__builtin_memcpy(key.src, m->src, ETH_ALEN);
	__builtin_memcpy(key.dst, m->dst, ETH_ALEN);

	struct vnet_counts *c = bpf_map_lookup_elem(&vnet_pairs, &key);

	if (!c) {
		struct vnet_counts first = {
			.packets = p->segs,
			.bytes = p->len,
			.first_ns = p->now,
			.last_ns = p->now,
		};

		if (bpf_map_update_elem(&vnet_pairs, &key, &first, BPF_NOEXIST) == 0)
			return;
		c = bpf_map_lookup_elem(&vnet_pairs, &key);
		if (!c)
			return;
	}
	counts_add(c, p);
}

#endif /* VNET_COUNTERS_H */
