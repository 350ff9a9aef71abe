// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * vxlan_rx.c - vnet_vxlan_rx: tc ingress on a collect_md (external) VXLAN device.
 *
 * A decapsulated frame whose (device, VNI, outer source) is a known link in vnet_peers is counted,
 * optionally reported to vnet_events and redirected to the device's TAP: into it (BPF_F_INGRESS,
 * the namespace testbed) or out of it to the VM (qemu/vhost), as vnet_ifaces says. Frames from
 * unknown peers, without tunnel metadata, shorter than an Ethernet header, or with the source MAC
 * the TAP is pinned to (vnet_guards: a spoof) are dropped.
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
int vnet_vxlan_rx(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex;
	const struct vnet_iface *iface = bpf_map_lookup_elem(&vnet_ifaces, &ifindex);

	if (!iface) {
		stat_inc(VNET_STAT_RX_NO_TUNNEL);
		return TC_ACT_SHOT;
	}

	struct vnet_peer_key pkey = { .ifindex = ifindex };

	if (tunnel_get(skb, &pkey)) {
		stat_inc(VNET_STAT_RX_NO_TUNNEL);
		return TC_ACT_SHOT;
	}

	const struct vnet_peer *peer = bpf_map_lookup_elem(&vnet_peers, &pkey);

	if (!peer) {
		stat_inc(VNET_STAT_RX_UNKNOWN_PEER);
		return TC_ACT_SHOT;
	}

	struct vnet_macs macs;

	if (eth_load_macs(skb, &macs)) {
		stat_inc(VNET_STAT_RX_RUNT);
		return TC_ACT_SHOT;
	}

	__u32 tap = iface->peer_ifindex;
	const struct vnet_guard *guard = bpf_map_lookup_elem(&vnet_guards, &tap);

	if (guard && (guard->flags & VNET_GUARD_PIN) && mac_equal(guard->mac, macs.src)) {
		stat_inc(VNET_STAT_RX_SPOOFED);
		return TC_ACT_SHOT;
	}

	struct vnet_pkt pkt;

	vnet_pkt_init(&pkt, skb, bpf_ktime_get_ns());
	port_count(peer->port, VNET_DIR_IN, &pkt);
	port_count(iface->port, VNET_DIR_OUT, &pkt);
	pair_count(&macs, peer->port, &pkt);
	if (iface->flags & VNET_IF_EVENTS)
		event_emit(skb, peer->port, VNET_EVENT_RX, &pkt);

	stat_inc(VNET_STAT_RX_DELIVERED);
	return bpf_redirect(iface->peer_ifindex,
			    iface->flags & VNET_IF_DELIVER_INGRESS ? BPF_F_INGRESS : 0);
}
