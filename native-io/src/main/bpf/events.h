/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * events.h - one struct vnet_event per switched frame into the vnet_events ring, for vnetd's
 * inference. Never blocks and never drops the frame: a full ring only counts EVENTS_DROPPED.
 */
#ifndef VNET_EVENTS_H
#define VNET_EVENTS_H

#include "maps.h"
#include "counters.h"

static __always_inline void event_emit(struct __sk_buff *skb, __u32 port, __u8 direction,
				       const struct vnet_pkt *p)
{
	struct vnet_event *e = bpf_ringbuf_reserve(&vnet_events, sizeof(*e), 0);

	if (!e) {
		stat_inc(VNET_STAT_EVENTS_DROPPED);
		return;
	}
	e->ts_ns = p->now;
	e->port = port;
	e->len = p->len;
	e->segs = p->segs > 0xffff ? 0xffff : p->segs;
	e->direction = direction;
	e->pad = 0;
	e->pad2 = 0;

	/*
	 * caplen = min(len, VNET_EVENT_CAPTURE), and the verifier must see it in [1, CAPTURE]:
	 * callers pass frames of at least ETH_HLEN bytes, but the bound is restated here on the
	 * register handed to the helper (the barrier stops clang from folding the checks away).
	 */
	__u32 cap = p->len;

	if (cap > VNET_EVENT_CAPTURE)
		cap = VNET_EVENT_CAPTURE;
	asm volatile("" : "+r"(cap));
	if (cap < 1 || cap > VNET_EVENT_CAPTURE || bpf_skb_load_bytes(skb, 0, e->data, cap) < 0)
		cap = 0;
	e->caplen = cap;
	/* vnetd polls the ring; no wake-up (an irq_work per event when the reader has caught up) */
	bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
	stat_inc(VNET_STAT_EVENTS);
}

#endif /* VNET_EVENTS_H */
