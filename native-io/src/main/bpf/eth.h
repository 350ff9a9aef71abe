/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * eth.h - the Ethernet header as both programs need it: the two MAC addresses, read once.
 */
#ifndef VNET_ETH_H
#define VNET_ETH_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

/* The frame's addresses in the order of the map keys (source first), not of the wire (destination first). */
struct vnet_macs {
	__u8 src[ETH_ALEN];
	__u8 dst[ETH_ALEN];
};

/*
 * Copies the MAC addresses of the frame at skb->data into m. Returns 0, or -1 when the frame is
 * shorter than an Ethernet header. The header is read from the linear area when it is there (the
 * usual case), else with bpf_skb_load_bytes, which also reads paged data; the skb is not changed.
 */
static __always_inline int eth_load_macs(struct __sk_buff *skb, struct vnet_macs *m)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;

	if (data + ETH_HLEN <= data_end) {
		struct ethhdr *eth = data;

		__builtin_memcpy(m->dst, eth->h_dest, ETH_ALEN);
		__builtin_memcpy(m->src, eth->h_source, ETH_ALEN);
		return 0;
	}
	if (skb->len < ETH_HLEN)
		return -1;

	__u8 hdr[2 * ETH_ALEN];

	if (bpf_skb_load_bytes(skb, 0, hdr, sizeof(hdr)) < 0)
		return -1;
	__builtin_memcpy(m->dst, hdr, ETH_ALEN);
	__builtin_memcpy(m->src, hdr + ETH_ALEN, ETH_ALEN);
	return 0;
}

/* Broadcast and multicast destinations have the group bit, the first bit on the wire. */
static __always_inline int eth_is_group(const struct vnet_macs *m)
{
	return m->dst[0] & 1;
}

#endif /* VNET_ETH_H */
