/**
 * Segmentation and coalescing for the UDP fast path: {@link org.vnet.daemon.offload.Segmenter}
 * cuts a TAP's 64 KiB TCP (or UDP, USO) super-frame into MSS-sized frames that leave in one or two
 * {@code sendmmsg} calls with UDP GSO; {@link org.vnet.daemon.offload.Coalescer} joins the TCP
 * segments, or equal UDP datagrams, that a UDP GRO read returns back into one super-frame, so the
 * receiving TAP takes one write.
 * Both work in place on off-heap memory, allocate nothing per frame and never throw.
 */
package org.vnet.daemon.offload;
