// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * tap_tx.c - vnet_tap_tx: tc (clsact) on each VM's TAP, on the hook where the VM's frames pass
 * (egress in the namespace testbed, ingress with qemu/vhost: the program does not care which).
 *
 * A unicast frame whose (TAP, source MAC, destination MAC) has an active entry in vnet_flows is
 * counted, optionally reported to vnet_events, given the flow's VXLAN metadata and redirected to
 * the TAP's collect_md VXLAN device. Everything else goes on unchanged (TC_ACT_OK) to the TAP fd,
 * where vnetd's slow path switches it and learns. Dropped here: a frame from a pinned TAP whose
 * source MAC is not the pinned one, a broadcast or multicast frame over the TAP's storm-control
 * rate (vnet_guards, both checked before anything else), a non-GSO frame above the TAP MTU, and a
 * frame whose metadata cannot be set.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#include "maps.h"
#include "eth.h"
#include "counters.h"
#include "events.h"
#include "tunnel.h"
#include "guard.h"

char _license[] SEC("license") = "Dual BSD/GPL";

SEC("tc")
int vnet_tap_tx(struct __sk_buff *skb)
{
	struct vnet_macs macs;

	if (eth_load_macs(skb, &macs)) {
		stat_inc(VNET_STAT_TX_RUNT);
		return TC_ACT_OK;
	}

	__u32 ifindex = skb->ifindex;
	struct vnet_guard *guard = bpf_map_lookup_elem(&vnet_guards, &ifindex);

	if (guard) {
		if ((guard->flags & VNET_GUARD_PIN) && !mac_equal(guard->mac, macs.src)) {
			stat_inc(VNET_STAT_TX_NOT_PINNED);
			return TC_ACT_SHOT;
		}
		if (eth_is_group(&macs) && !guard_admit(guard, &macs, bpf_ktime_get_ns())) {
			stat_inc(eth_is_broadcast(&macs) ? VNET_STAT_TX_STORM_BROADCAST : VNET_STAT_TX_STORM_MULTICAST);
			return TC_ACT_SHOT;
		}
	}
	if (eth_is_group(&macs)) {
		stat_inc(VNET_STAT_TX_GROUP);
		return TC_ACT_OK;
	}

	const struct vnet_iface *iface = bpf_map_lookup_elem(&vnet_ifaces, &ifindex);

	if (!iface) {
		stat_inc(VNET_STAT_TX_MISS);
		return TC_ACT_OK;
	}

	struct vnet_flow_key fkey = { .ifindex = ifindex };

	__builtin_memcpy(fkey.src, macs.src, ETH_ALEN);
	__builtin_memcpy(fkey.dst, macs.dst, ETH_ALEN);

	const struct vnet_flow *flow = bpf_map_lookup_elem(&vnet_flows, &fkey);

	if (!flow) {
		stat_inc(VNET_STAT_TX_MISS);
		return TC_ACT_OK;
	}

	struct vnet_pkt pkt;

	vnet_pkt_init(&pkt, skb, bpf_ktime_get_ns());
	if (pkt.now < flow->active_ns) {
		stat_inc(VNET_STAT_TX_HOLDOFF);
		return TC_ACT_OK;
	}

	__u32 mtu = iface->mtu;

	/* The redirect does no MTU check: a frame the underlay would fragment is dropped here. */
	if (mtu && skb->gso_size == 0 && skb->gso_segs <= 1 && pkt.len > mtu + ETH_HLEN) {
		stat_inc(VNET_STAT_TX_OVERSIZE);
		return TC_ACT_SHOT;
	}

	/* Encapsulation metadata first, so that a frame that cannot leave is not counted as sent. */
	if (tunnel_set(skb, flow)) {
		stat_inc(VNET_STAT_TX_ENCAP_FAILED);
		return TC_ACT_SHOT;
	}

	port_count(iface->port, VNET_DIR_IN, &pkt);
	port_count(flow->port, VNET_DIR_OUT, &pkt);
	pair_count(&macs, iface->port, &pkt);
	if (iface->flags & VNET_IF_EVENTS)
		event_emit(skb, iface->port, VNET_EVENT_TX, &pkt);

	stat_inc(VNET_STAT_TX_HIT);
	return bpf_redirect(iface->peer_ifindex, 0);
}
