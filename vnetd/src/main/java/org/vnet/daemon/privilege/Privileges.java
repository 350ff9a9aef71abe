package org.vnet.daemon.privilege;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a process holds, read from {@code /proc/PID/status} (its main thread).
 *
 * @param uid        real user id
 * @param effective  {@code CapEff} mask
 * @param permitted  {@code CapPrm} mask
 * @param bounding   {@code CapBnd} mask: nothing outside it can ever be regained
 * @param noNewPrivs whether {@code execve} can no longer grant privileges ({@code NoNewPrivs})
 */
public record Privileges(int uid, long effective, long permitted, long bounding, boolean noNewPrivs) {
    /** Kernel names of capabilities 0..40 (capabilities(7)), for the ones a mask holds. */
    private static final String[] NAMES = {
        "chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid", "setuid", "setpcap",
        "linux_immutable", "net_bind_service", "net_broadcast", "net_admin", "net_raw", "ipc_lock", "ipc_owner",
        "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
        "sys_resource", "sys_time", "sys_tty_config", "mknod", "lease", "audit_write", "audit_control", "setfcap",
        "mac_override", "mac_admin", "syslog", "wake_alarm", "block_suspend", "audit_read", "perfmon", "bpf",
        "checkpoint_restore"};

    /** This process's privileges. */
    public static Privileges current() throws IOException {
        return parse(Files.readString(Path.of("/proc/self/status")));
    }

    /**
     * Parses the text of a {@code /proc/PID/status} file.
     *
     * @throws IOException when a field is missing or malformed
     */
    public static Privileges parse(final String status) throws IOException {
        final Map<String, String> fields = new HashMap<>();
        for (final String line : status.split("\n")) {
            final int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        for (final String key : List.of("Uid", "CapEff", "CapPrm", "CapBnd", "NoNewPrivs")) {
            if (!fields.containsKey(key)) {
                throw new IOException("the process status has no " + key);
            }
        }
        try {
            return new Privileges(Integer.parseInt(fields.get("Uid").split("\\s+")[0]),
                Long.parseUnsignedLong(fields.get("CapEff"), 16), Long.parseUnsignedLong(fields.get("CapPrm"), 16),
                Long.parseUnsignedLong(fields.get("CapBnd"), 16), "1".equals(fields.get("NoNewPrivs")));
        } catch (final NumberFormatException e) {
            throw new IOException("malformed capability or uid field in the process status: " + e.getMessage(), e);
        }
    }

    /** Whether the effective set holds {@code capability}. */
    public boolean has(final Capability capability) {
        return (effective & capability.bit()) != 0;
    }

    /** Names of the capabilities in {@code mask}, comma-separated ({@code net_admin,bpf}), or {@code none}. */
    public static String names(final long mask) {
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            if ((mask & 1L << i) != 0) {
                names.add(i < NAMES.length ? NAMES[i] : "cap_" + i);
            }
        }
        return names.isEmpty() ? "none" : String.join(",", names);
    }

    /** One line for the log and {@code vnetctl status}: {@code uid 0, capabilities net_admin,bpf, no new privileges}. */
    public String describe() {
        return "uid " + uid + ", capabilities " + shortNames(effective)
            + (bounding == effective ? "" : " (bounding set " + shortNames(bounding) + ")")
            + (noNewPrivs ? ", no new privileges" : ", new privileges allowed");
    }

    private static String shortNames(final long mask) {
        return Long.bitCount(mask) > 8 ? Long.bitCount(mask) + " (mask " + Long.toHexString(mask) + ")" : names(mask);
    }
}
