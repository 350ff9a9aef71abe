package org.vnet.daemon.conductor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.forwarder.TapDevice;
import org.vnet.forwarder.TunConstants;

/**
 * The TAP offload levers, switched by system properties so that benchmarks can compare them in
 * one run: {@code vnet.tap.vnetHeader} (default true) opens TAPs with {@code IFF_VNET_HDR};
 * {@code vnet.tap.offload} (default true, needs the vnet header) lets the VM's stack hand over
 * partial checksums and TCP super-frames (TSO4/TSO6/ECN) instead of 1.4 KB frames, and UDP
 * super-frames (USO, Linux 6.2+) from senders that use {@code UDP_SEGMENT}; {@code vnet.tap.uso}
 * (default true) asks for USO, and a kernel without it gets the other offloads.
 */
final class TapOffloads {
    private static final Logger LOG = LoggerFactory.getLogger(TapOffloads.class);

    /** Whether TAPs carry a {@code virtio_net_hdr}. */
    static final boolean VNET_HEADER = Boolean.parseBoolean(System.getProperty("vnet.tap.vnetHeader", "true"));
    /** Whether TAPs accept checksum and segmentation offloads. */
    static final boolean OFFLOAD = VNET_HEADER && Boolean.parseBoolean(System.getProperty("vnet.tap.offload", "true"));
    /** The offloads asked for. */
    static final int FLAGS = TunConstants.TUN_F_CSUM | TunConstants.TUN_F_TSO4 | TunConstants.TUN_F_TSO6
        | TunConstants.TUN_F_TSO_ECN;
    /** UDP segmentation, asked for on top of {@link #FLAGS}. */
    static final int USO = Boolean.parseBoolean(System.getProperty("vnet.tap.uso", "true"))
        ? TunConstants.TUN_F_USO4 | TunConstants.TUN_F_USO6 : 0;

    private TapOffloads() {
    }

    /** Switches the offloads on {@code dev} as configured; a refusal is logged and the TAP stays plain. */
    static void apply(final TapDevice dev) {
        if (!dev.vnetHeader()) {
            // a persistent TAP keeps the offloads an earlier opener switched on: without a vnet header
            // the VM's stack would hand over partial checksums and super-frames nobody can read as such
            if (dev.setOffload(0) < 0) {
                LOG.warn("interface {}: TUNSETOFFLOAD 0 refused; frames may carry partial checksums", dev.name());
            }
            return;
        }
        if (OFFLOAD && USO != 0 && dev.setOffload(FLAGS | USO) >= 0) {
            LOG.info("interface {}: vnet header + offloads (csum, tso4, tso6, ecn, uso)", dev.name());
            return;
        }
        final int rc = dev.setOffload(OFFLOAD ? FLAGS : 0);
        if (rc < 0) {
            LOG.warn("interface {}: TUNSETOFFLOAD refused ({}); offloads stay off", dev.name(), rc);
        } else if (OFFLOAD) {
            LOG.info("interface {}: vnet header + offloads (csum, tso4, tso6, ecn; no uso)", dev.name());
        }
    }
}
