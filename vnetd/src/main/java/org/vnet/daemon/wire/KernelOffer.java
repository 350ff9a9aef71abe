package org.vnet.daemon.wire;

import io.netty.buffer.ByteBuf;

/**
 * The payload of a {@link FrameHeader#TYPE_KERNEL_OFFER} message: a daemon tells the peer of a UDP
 * link whether, and for which destination MACs, it takes standard VXLAN (RFC 7348) into its kernel
 * receiver. A peer sends VXLAN for a destination only while the latest offer it heard lists it and
 * is younger than {@link #TTL_MILLIS}; everything else stays on the vnet tunnel. Network byte order.
 * <pre>
 *  0               1               2               3
 * +---------------+---------------+-------------------------------+
 * |  version = 1  |     flags     |         VXLAN UDP port        |
 * +---------------+---------------+-------------------------------+
 * |                          VNI (32)                             |
 * +-------------------------------+-------------------------------+
 * |      MAC count (<= 64)        |  MACs, 6 bytes each ...
 * </pre>
 * Flag {@link #FLAG_ACCEPT}: the kernel receiver is up; without it the MAC list is empty.
 */
public final class KernelOffer {
    /** Offer version this daemon speaks. */
    public static final int VERSION = 1;
    /** The sender's kernel receiver takes VXLAN for the listed MACs. */
    public static final int FLAG_ACCEPT = 0x01;
    /** Most MACs in one offer. */
    public static final int MAX_MACS = 64;
    /** An offer not renewed within this time is void. */
    public static final long TTL_MILLIS = 5_000;
    /** Bytes before the MAC list. */
    public static final int HEADER = 10;

    private final long[] macs = new long[MAX_MACS];
    private int count;
    private int port;
    private int vni;
    private boolean accept;
    private long expiresMillis;

    /** Encodes an offer. */
    public static byte[] encode(final boolean accept, final int port, final int vni, final long[] macs, final int count) {
        final int n = accept ? Math.min(count, MAX_MACS) : 0;
        final byte[] b = new byte[HEADER + 6 * n];
        b[0] = VERSION;
        b[1] = (byte) (accept ? FLAG_ACCEPT : 0);
        b[2] = (byte) (port >>> 8);
        b[3] = (byte) port;
        b[4] = (byte) (vni >>> 24);
        b[5] = (byte) (vni >>> 16);
        b[6] = (byte) (vni >>> 8);
        b[7] = (byte) vni;
        b[8] = (byte) (n >>> 8);
        b[9] = (byte) n;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 6; k++) {
                b[HEADER + 6 * i + k] = (byte) (macs[i] >>> (40 - 8 * k));
            }
        }
        return b;
    }

    /**
     * Takes the offer at {@code at} ({@code length} payload bytes) as the peer's latest.
     *
     * @return 1 if what the peer offers changed, 0 if not, -1 if the payload is malformed (the
     *         previous offer is voided)
     */
    public int decode(final ByteBuf buf, final int at, final int length, final long nowMillis) {
        if (length < HEADER || buf.getUnsignedByte(at) != VERSION) {
            return voidOffer();
        }
        final int n = buf.getUnsignedShort(at + 8);
        if (n > MAX_MACS || length != HEADER + 6 * n) {
            return voidOffer();
        }
        final boolean newAccept = (buf.getUnsignedByte(at + 1) & FLAG_ACCEPT) != 0;
        final int newPort = buf.getUnsignedShort(at + 2);
        final int newVni = buf.getInt(at + 4);
        boolean changed = newAccept != accept || newPort != port || newVni != vni || n != count || !live(nowMillis);
        for (int i = 0; i < n; i++) {
            final long mac = ((buf.getInt(at + HEADER + 6 * i) & 0xFFFF_FFFFL) << 16)
                | buf.getUnsignedShort(at + HEADER + 6 * i + 4);
            if (macs[i] != mac) {
                changed = true;
                macs[i] = mac;
            }
        }
        accept = newAccept;
        port = newPort;
        vni = newVni;
        count = n;
        expiresMillis = nowMillis + TTL_MILLIS;
        return changed ? 1 : 0;
    }

    private int voidOffer() {
        accept = false;
        count = 0;
        expiresMillis = 0;
        return -1;
    }

    /** Whether the latest offer is still valid at {@code nowMillis}. */
    public boolean live(final long nowMillis) {
        return nowMillis < expiresMillis;
    }

    /** Whether the peer takes VXLAN on {@code port}/{@code vni} for destination {@code mac} now. */
    public boolean accepts(final long mac, final int port, final int vni, final long nowMillis) {
        if (!accept || this.port != port || this.vni != vni || !live(nowMillis)) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (macs[i] == mac) {
                return true;
            }
        }
        return false;
    }

    /** Whether the latest live offer accepts anything. */
    public boolean accepting(final long nowMillis) {
        return accept && count > 0 && live(nowMillis);
    }

    @Override
    public String toString() {
        return (accept ? "accepts " + count + " MAC(s)" : "declines") + " on VXLAN port " + port + " vni " + vni;
    }
}
