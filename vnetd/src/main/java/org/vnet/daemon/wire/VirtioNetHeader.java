package org.vnet.daemon.wire;

import io.netty.buffer.ByteBuf;

/**
 * The {@code virtio_net_hdr} a TAP opened with {@code IFF_VNET_HDR} puts before every frame it
 * reads and expects before every frame written to it (10 bytes, little-endian on x86):
 *
 * <pre>
 *  0: flags (1)  1: gso_type (1)  2: hdr_len (2)  4: gso_size (2)  6: csum_start (2)  8: csum_offset (2)
 * </pre>
 *
 * With offloads on, a VM's stack hands over 64 KiB TCP super-frames ({@code gso_type} TCPV4/V6)
 * and frames whose checksum is left for the last hop to finish ({@code NEEDS_CSUM}). vnet carries
 * such a header across links with the frame so that the peer's TAP (and kernel) finish the job;
 * a trivial header (no flags, no GSO) is not sent. Static methods only.
 */
public final class VirtioNetHeader {
    /** Header length. */
    public static final int LENGTH = 10;
    /** Offset of the flags. */
    public static final int FLAGS_OFFSET = 0;
    /** Offset of the GSO type. */
    public static final int GSO_TYPE_OFFSET = 1;
    /** Offset of the header length (Ethernet + IP + TCP headers of a GSO frame). */
    public static final int HDR_LEN_OFFSET = 2;
    /** Offset of the GSO segment size. */
    public static final int GSO_SIZE_OFFSET = 4;
    /** Offset of where checksumming starts, from the start of the frame. */
    public static final int CSUM_START_OFFSET = 6;
    /** Offset of the checksum field from {@code csum_start}. */
    public static final int CSUM_OFFSET_OFFSET = 8;
    /** {@code VIRTIO_NET_HDR_F_NEEDS_CSUM}. */
    public static final int F_NEEDS_CSUM = 1;
    /** {@code VIRTIO_NET_HDR_GSO_NONE}. */
    public static final int GSO_NONE = 0;
    /** {@code VIRTIO_NET_HDR_GSO_TCPV4}. */
    public static final int GSO_TCPV4 = 1;
    /** {@code VIRTIO_NET_HDR_GSO_TCPV6}. */
    public static final int GSO_TCPV6 = 4;
    /** {@code VIRTIO_NET_HDR_GSO_UDP_L4}: UDP segmentation (USO), IPv4 or IPv6. */
    public static final int GSO_UDP_L4 = 5;
    /** {@code VIRTIO_NET_HDR_GSO_ECN}, or-ed into a TCP GSO type. */
    public static final int GSO_ECN = 0x80;

    private VirtioNetHeader() {
    }

    /** True when the header at {@code at} says nothing (no flags, no GSO): it need not travel. */
    public static boolean isTrivial(final ByteBuf buf, final int at) {
        return buf.getUnsignedByte(at + FLAGS_OFFSET) == 0 && buf.getUnsignedByte(at + GSO_TYPE_OFFSET) == GSO_NONE;
    }

    /** True for a GSO super-frame. */
    public static boolean isGso(final ByteBuf buf, final int at) {
        return buf.getUnsignedByte(at + GSO_TYPE_OFFSET) != GSO_NONE;
    }

    /** True when the frame's transport checksum is partial. */
    public static boolean needsChecksum(final ByteBuf buf, final int at) {
        return (buf.getUnsignedByte(at + FLAGS_OFFSET) & F_NEEDS_CSUM) != 0;
    }

    /** {@code csum_start}. */
    public static int checksumStart(final ByteBuf buf, final int at) {
        return buf.getUnsignedShortLE(at + CSUM_START_OFFSET);
    }

    /** {@code csum_offset}. */
    public static int checksumOffset(final ByteBuf buf, final int at) {
        return buf.getUnsignedShortLE(at + CSUM_OFFSET_OFFSET);
    }
}
