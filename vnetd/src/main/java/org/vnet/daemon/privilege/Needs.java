package org.vnet.daemon.privilege;

import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

import org.vnet.daemon.config.DaemonConfig;
import org.vnet.daemon.datapath.DataPathConfig;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.nativeio.bpf.BpfException;
import org.vnet.nativeio.bpf.BpfFs;

/**
 * The capabilities a configuration needs for the daemon's whole life (the control socket can add TAPs,
 * links and kernel data path entries at any time), each with the reason.
 */
public final class Needs {
    private Needs() {
    }

    /**
     * What {@code config} needs: {@code net_admin} always; {@code bpf} unless the data path is Java only;
     * {@code sys_admin} when an interface lives in another network namespace; {@code net_bind_service} for
     * a listen port below 1024.
     */
    public static Map<Capability, String> of(final DaemonConfig config) {
        final Map<Capability, String> needs = new EnumMap<>(Capability.class);
        needs.put(Capability.NET_ADMIN, "TAP devices, links and tc filters");
        if (config.dataPath().mode() != DataPathConfig.Mode.JAVA) {
            needs.put(Capability.BPF, "the kernel data path (datapath.mode "
                + config.dataPath().mode().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        for (final InterfaceSpec i : config.interfaces()) {
            if (i.netns() != null) {
                needs.put(Capability.SYS_ADMIN, "interface " + i.name() + " is in network namespace " + i.netns());
                break;
            }
        }
        for (final InetSocketAddress a : new InetSocketAddress[] {
            config.listen().udp(), config.listen().tcp(), config.listen().tls()}) {
            if (a != null && a.getPort() > 0 && a.getPort() < 1024) {
                needs.put(Capability.NET_BIND_SERVICE, "listen port " + a.getPort() + " is below 1024");
            }
        }
        return needs;
    }

    /** The needs as {@code setpriv} takes them: {@code +net_admin,+bpf}. */
    public static String asSetprivList(final Map<Capability, String> needs) {
        final StringJoiner list = new StringJoiner(",");
        needs.keySet().forEach(c -> list.add("+" + c.shortName()));
        return list.toString();
    }

    /**
     * Does, while the process still holds every capability, what only needs one at start: mounts the bpffs
     * the kernel data path pins its maps in ({@code sys_admin}), so the daemon itself never needs it.
     *
     * @return null when done or nothing was needed, else why it could not be done (the daemon then reports
     *         the kernel data path unavailable, as without this step)
     */
    public static String prepare(final DaemonConfig config) {
        if (config.dataPath().mode() == DataPathConfig.Mode.JAVA) {
            return null;
        }
        try {
            BpfFs.ensureDirectory(config.dataPath().bpffs());
            return null;
        } catch (final BpfException e) {
            return "cannot prepare the bpffs at " + config.dataPath().bpffs() + ": " + e.getMessage();
        }
    }
}
