package org.vnet.daemon.tap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.nativeio.TapDevice;
import org.vnet.nativeio.TunConstants;

/**
 * How TAPs are opened and which offloads they take, from the daemon's settings (so that benchmarks
 * can compare them): with the vnet header ({@code IFF_VNET_HDR}) a TAP may take offloads, which
 * let the VM's stack hand over partial checksums and TCP super-frames (TSO4/TSO6/ECN) instead of
 * 1.4 KB frames, and, with USO asked for, UDP super-frames (Linux 6.2+) from senders that use
 * {@code UDP_SEGMENT}; a kernel without USO gets the other offloads. Immutable.
 */
public final class TapPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(TapPolicy.class);

    /** The offloads asked for. */
    static final int FLAGS = TunConstants.TUN_F_CSUM | TunConstants.TUN_F_TSO4 | TunConstants.TUN_F_TSO6
        | TunConstants.TUN_F_TSO_ECN;

    private final boolean vnetHeader;
    private final boolean offload;
    private final int uso;

    /**
     * @param vnetHeader whether TAPs carry a {@code virtio_net_hdr}
     * @param offload    whether they accept checksum and segmentation offloads (only with the vnet header)
     * @param uso        whether UDP segmentation is asked for on top of the others
     */
    public TapPolicy(final boolean vnetHeader, final boolean offload, final boolean uso) {
        this.vnetHeader = vnetHeader;
        this.offload = vnetHeader && offload;
        this.uso = uso ? TunConstants.TUN_F_USO4 | TunConstants.TUN_F_USO6 : 0;
    }

    /** Whether TAPs are opened with a {@code virtio_net_hdr}. */
    public boolean vnetHeader() {
        return vnetHeader;
    }

    /** Switches the offloads on {@code dev} as configured; a refusal is logged and the TAP stays plain. */
    public void apply(final TapDevice dev) {
        if (!dev.vnetHeader()) {
            // a persistent TAP keeps the offloads an earlier opener switched on: without a vnet header
            // the VM's stack would hand over partial checksums and super-frames nobody can read as such
            if (dev.setOffload(0) < 0) {
                LOG.warn("interface {}: TUNSETOFFLOAD 0 refused; frames may carry partial checksums", dev.name());
            }
            return;
        }
        if (offload && uso != 0 && dev.setOffload(FLAGS | uso) >= 0) {
            LOG.info("interface {}: vnet header + offloads (csum, tso4, tso6, ecn, uso)", dev.name());
            return;
        }
        final int rc = dev.setOffload(offload ? FLAGS : 0);
        if (rc < 0) {
            LOG.warn("interface {}: TUNSETOFFLOAD refused ({}); offloads stay off", dev.name(), rc);
        } else if (offload) {
            LOG.info("interface {}: vnet header + offloads (csum, tso4, tso6, ecn; no uso)", dev.name());
        }
    }
}
