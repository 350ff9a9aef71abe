package org.vnet.nativeio;

/**
 * Linux TUN/TAP and interface ioctl constants (x86-64 values, checked against
 * {@code linux/if_tun.h} and {@code linux/sockios.h}).
 */
public final class TunConstants
{
    /** {@code IFF_TAP}: an Ethernet (layer-2) device. */
    public static final int IFF_TAP = 0x0002;
    /** {@code IFF_NO_PI}: no 4-byte packet-information prefix on each frame. */
    public static final int IFF_NO_PI = 0x1000;
    /** {@code IFF_VNET_HDR}: each frame is prefixed by a {@code virtio_net_hdr}. */
    public static final int IFF_VNET_HDR = 0x4000;
    /** {@code IFF_MULTI_QUEUE}: one fd per queue; every queue opens with the same name. */
    public static final int IFF_MULTI_QUEUE = 0x0100;

    /** {@code TUNSETIFF = _IOW('T', 202, int)}. */
    public static final long TUNSETIFF = 0x400454caL;
    /** {@code TUNSETOFFLOAD = _IOW('T', 208, unsigned int)}. */
    public static final long TUNSETOFFLOAD = 0x400454d0L;
    /** {@code TUNSETVNETHDRSZ = _IOW('T', 216, int)}. */
    public static final long TUNSETVNETHDRSZ = 0x400454d8L;

    /** {@code SIOCGIFMTU}. */
    public static final long SIOCGIFMTU = 0x8921L;
    /** {@code SIOCSIFMTU}. */
    public static final long SIOCSIFMTU = 0x8922L;
    /** {@code SIOCGIFFLAGS}. */
    public static final long SIOCGIFFLAGS = 0x8913L;
    /** {@code SIOCSIFFLAGS}. */
    public static final long SIOCSIFFLAGS = 0x8914L;
    /** {@code SIOCGIFHWADDR}; also answered by a TUN/TAP fd itself. */
    public static final long SIOCGIFHWADDR = 0x8927L;

    /** Interface flag {@code IFF_UP}. */
    public static final int IFF_UP = 0x1;

    /** {@code TUN_F_CSUM}: the reader accepts frames with partial checksums. */
    public static final int TUN_F_CSUM = 0x01;
    /** {@code TUN_F_TSO4}: the reader accepts IPv4 TSO frames. */
    public static final int TUN_F_TSO4 = 0x02;
    /** {@code TUN_F_TSO6}: the reader accepts IPv6 TSO frames. */
    public static final int TUN_F_TSO6 = 0x04;
    /** {@code TUN_F_TSO_ECN}: the reader accepts TSO frames with ECN. */
    public static final int TUN_F_TSO_ECN = 0x08;
    /** {@code TUN_F_USO4}: the reader accepts IPv4 UDP segmentation frames (Linux 6.2+, with USO6). */
    public static final int TUN_F_USO4 = 0x20;
    /** {@code TUN_F_USO6}: the reader accepts IPv6 UDP segmentation frames (Linux 6.2+, with USO4). */
    public static final int TUN_F_USO6 = 0x40;

    /** Size of {@code struct virtio_net_hdr}, the default vnet header length. */
    public static final int VIRTIO_NET_HDR_LENGTH = 10;
    /** Size of {@code struct virtio_net_hdr_mrg_rxbuf} (adds {@code num_buffers}). */
    public static final int VIRTIO_NET_HDR_MRG_RXBUF_LENGTH = 12;

    /** {@code IFNAMSIZ}: interface name buffer length including the NUL. */
    public static final int IFNAMSIZ = 16;
    /** {@code CLONE_NEWNET} for {@code setns(2)}. */
    public static final int CLONE_NEWNET = 0x40000000;
    /** Device node of the TUN/TAP clone device. */
    public static final String TUN_DEVICE_PATH = "/dev/net/tun";

    private TunConstants()
    {
    }
}
