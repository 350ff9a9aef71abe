package org.vnet.daemon.privilege;

/** The Linux capabilities the daemon may need, with their kernel numbers and {@code setpriv} names. */
public enum Capability {
    /** Binding a listen port below 1024. */
    NET_BIND_SERVICE(10),
    /** TAP devices, the VXLAN device, tc filters, forced socket buffer sizes. */
    NET_ADMIN(12),
    /** Entering another network namespace ({@code setns}), mounting bpffs. */
    SYS_ADMIN(21),
    /** Loading eBPF programs and using their maps. */
    BPF(39);

    private final int number;

    Capability(final int number) {
        this.number = number;
    }

    /** The kernel's number of this capability (its bit in {@code CapEff}). */
    public int number() {
        return number;
    }

    /** The bit of this capability in a capability mask. */
    public long bit() {
        return 1L << number;
    }

    /** The name {@code setpriv} and capabilities(7) use, without {@code CAP_}: {@code net_admin}. */
    public String shortName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
