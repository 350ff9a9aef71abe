/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * tunnel.h - collect_md tunnel metadata <-> the underlay addresses of vnet_flows / vnet_peers.
 *
 * The maps hold addresses as host byte order words (maps.h). The kernel's struct bpf_tunnel_key
 * takes remote_ipv4 in host order but remote_ipv6 as the raw network-order address, so IPv6
 * words are byte-swapped here, in both directions.
 */
#ifndef VNET_TUNNEL_H
#define VNET_TUNNEL_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "maps.h"

#define VNET_TUNNEL_TTL 64

/*
 * Sets the transmit metadata of skb for flow: VNI and remote; the VXLAN device picks the source
 * address by route. IPv4 sends a zero outer UDP checksum (as Cilium); IPv6 keeps the checksum,
 * which a zero-checksum IPv6 VXLAN would need udp6zerocsumtx for. Returns the helper's result.
 */
static __always_inline long tunnel_set(struct __sk_buff *skb, const struct vnet_flow *flow)
{
	struct bpf_tunnel_key key = {
		.tunnel_id = flow->vni,
		.tunnel_ttl = VNET_TUNNEL_TTL,
	};

	if (flow->flags & VNET_FLOW_IPV6) {
		key.remote_ipv6[0] = bpf_htonl(flow->remote[0]);
		key.remote_ipv6[1] = bpf_htonl(flow->remote[1]);
		key.remote_ipv6[2] = bpf_htonl(flow->remote[2]);
		key.remote_ipv6[3] = bpf_htonl(flow->remote[3]);
		return bpf_skb_set_tunnel_key(skb, &key, sizeof(key), BPF_F_TUNINFO_IPV6);
	}
	key.remote_ipv4 = flow->remote[0];
	return bpf_skb_set_tunnel_key(skb, &key, sizeof(key), BPF_F_ZERO_CSUM_TX);
}

/*
 * Fills peer->vni and peer->remote from skb's receive metadata (remote = the outer source),
 * trying IPv4 first. Returns 0, or a negative error when skb carries no tunnel metadata.
 * peer->remote must be zeroed by the caller (IPv4 fills word 0 only).
 */
static __always_inline long tunnel_get(struct __sk_buff *skb, struct vnet_peer_key *peer)
{
	struct bpf_tunnel_key key;
	long err = bpf_skb_get_tunnel_key(skb, &key, sizeof(key), 0);

	if (err == 0) {
		peer->remote[0] = key.remote_ipv4;
	} else {
		err = bpf_skb_get_tunnel_key(skb, &key, sizeof(key), BPF_F_TUNINFO_IPV6);
		if (err)
			return err;
		peer->remote[0] = bpf_ntohl(key.remote_ipv6[0]);
		peer->remote[1] = bpf_ntohl(key.remote_ipv6[1]);
		peer->remote[2] = bpf_ntohl(key.remote_ipv6[2]);
		peer->remote[3] = bpf_ntohl(key.remote_ipv6[3]);
	}
	peer->vni = key.tunnel_id;
	return 0;
}

#endif /* VNET_TUNNEL_H */
