package org.vnet.daemon.datapath;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How a daemon switches established flows ({@code datapath:} in its YAML).
 *
 * @param mode           {@link Mode#JAVA}, {@link Mode#AUTO} or {@link Mode#KERNEL}
 * @param vxlanPort      UDP port of the kernel VXLAN receiver; every daemon of an overlay uses the same
 * @param vni            VXLAN network identifier of the overlay's segment
 * @param hook           which TAP direction carries the VM's transmitted frames
 * @param bpffs          folder under a bpffs where this daemon pins its maps (a sub-folder per daemon name)
 * @param holdoffMicros  how long a new flow stays on the slow path after it is installed, so that frames the
 *                       slow path already sent arrive before the kernel's (no visible reordering)
 */
public record DataPathConfig(Mode mode, int vxlanPort, int vni, Hook hook, Path bpffs, int holdoffMicros) {
    /** Default {@link #vxlanPort}: next to vnet's own ports, not 4789 which other overlays hold. */
    public static final int VXLAN_PORT_DEFAULT = 7703;
    /** Default {@link #vni}. */
    public static final int VNI_DEFAULT = 1;
    /** Default {@link #bpffs}. */
    public static final Path BPFFS_DEFAULT = Path.of("/sys/fs/bpf/vnet");
    /** Default {@link #holdoffMicros}. */
    public static final int HOLDOFF_DEFAULT = 2_000;
    /** The data path when the config says nothing: the kernel where eBPF can be used, else Java. */
    public static final DataPathConfig DEFAULT = new DataPathConfig(Mode.AUTO, VXLAN_PORT_DEFAULT, VNI_DEFAULT,
        Hook.EGRESS, BPFFS_DEFAULT, HOLDOFF_DEFAULT);

    /** Validates every field. */
    public DataPathConfig {
        if (mode == null || hook == null || bpffs == null) {
            throw new IllegalArgumentException("datapath: mode, hook and bpffs must be set");
        }
        if (vxlanPort < 1 || vxlanPort > 65535) {
            throw new IllegalArgumentException("datapath.vxlanPort " + vxlanPort + " is out of range 1..65535");
        }
        if (vni < 0 || vni > 0xFF_FFFF) {
            throw new IllegalArgumentException("datapath.vni " + vni + " is out of range 0..16777215");
        }
        if (holdoffMicros < 0 || holdoffMicros > 1_000_000) {
            throw new IllegalArgumentException("datapath.holdoffMicros " + holdoffMicros + " is out of range 0..1000000");
        }
    }

    /** Which data path switches established flows. */
    public enum Mode {
        /** Only the Java path (vnetd switches every frame). */
        JAVA,
        /** The kernel where eBPF can be used, else the Java path (the reason is logged once). */
        AUTO,
        /** The kernel; the daemon does not start when eBPF cannot be used. */
        KERNEL;

        /** Parses {@code java}, {@code auto} or {@code kernel}. */
        public static Mode parse(final String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not a data path (java, auto or kernel)");
            }
        }
    }

    /** Which tc hook of the TAP sees the frames a VM transmits. */
    public enum Hook {
        /** The TAP's egress: the VM is a network namespace whose stack sends on the TAP (the testbed). */
        EGRESS,
        /** The TAP's ingress: the VM is qemu/vhost writing into the TAP's file descriptor. */
        INGRESS;

        /** Parses {@code egress} or {@code ingress}. */
        public static Hook parse(final String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not a TAP hook (egress for namespaces, ingress for qemu)");
            }
        }
    }
}
