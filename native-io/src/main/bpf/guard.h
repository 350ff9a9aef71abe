/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * guard.h - port security and storm control of a TAP (vnet_guards): the pinned source MAC and the
 * broadcast and multicast token buckets. Unicast misses are not limited here: the kernel cannot
 * tell an unknown destination from a known one that the slow path serves, so vnetd's switch
 * applies the unknown-unicast limit to them.
 */
#ifndef VNET_GUARD_H
#define VNET_GUARD_H

#include "maps.h"
#include "eth.h"

static __always_inline int mac_equal(const __u8 *a, const __u8 *b)
{
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3] && a[4] == b[4] && a[5] == b[5];
}

static __always_inline int eth_is_broadcast(const struct vnet_macs *m)
{
	return (m->dst[0] & m->dst[1] & m->dst[2] & m->dst[3] & m->dst[4] & m->dst[5]) == 0xff;
}

static __always_inline int bucket_take(struct vnet_bucket *b, __u64 now)
{
	__u64 rate = b->rate;

	if (!rate)
		return 1;

	__u64 elapsed = now > b->last_ns ? now - b->last_ns : 0;

	/* a pause long enough to fill the bucket fills it; else elapsed * rate < cap: no overflow */
	if (elapsed >= b->cap / rate) {
		b->tokens = b->cap;
	} else {
		b->tokens += elapsed * rate;
		if (b->tokens > b->cap)
			b->tokens = b->cap;
	}
	b->last_ns = now;
	if (b->tokens < VNET_NS_PER_S)
		return 0;
	b->tokens -= VNET_NS_PER_S;
	return 1;
}

/* Whether a group frame of m from the TAP of g may go on to the slow path; takes a token. */
static __always_inline int guard_admit(struct vnet_guard *g, const struct vnet_macs *m, __u64 now)
{
	int ok;

	bpf_spin_lock(&g->lock);
	if (eth_is_broadcast(m))
		ok = bucket_take(&g->buckets[VNET_BUCKET_BROADCAST], now);
	else
		ok = bucket_take(&g->buckets[VNET_BUCKET_MULTICAST], now);
	bpf_spin_unlock(&g->lock);
	return ok;
}

#endif /* VNET_GUARD_H */
