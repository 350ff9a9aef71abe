package org.vnet.nativeio.bpf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Whether vnet's kernel data path can be used here, in the style of Netty's {@code Epoll}: probed
 * once, {@link #isAvailable()} and {@link #unavailabilityCause()} tell the outcome, and
 * {@code -D}{@value #DISABLE_PROP_NAME}{@code =true} switches it off. The probe checks, in order:
 * Linux x86-64; {@code libbpf.so.1} loads and is 1.x or later; CAP_BPF (or CAP_SYS_ADMIN) and
 * CAP_NET_ADMIN are effective; the kernel loads SCHED_CLS programs and RINGBUF maps; the BPF
 * objects were built into the jar.
 */
public final class BpfSupport
{
    /** System property: {@code true} makes the kernel data path unavailable (vnetd uses its userspace path). */
    public static final String DISABLE_PROP_NAME = "vnet.bpf.disable";
    /** Jar resource of the TAP transmit program. */
    public static final String TAP_TX_RESOURCE = "/bpf/tap_tx.o";
    /** Jar resource of the VXLAN receive program. */
    public static final String VXLAN_RX_RESOURCE = "/bpf/vxlan_rx.o";

    static final int CAP_NET_ADMIN = 12;
    static final int CAP_SYS_ADMIN = 21;
    static final int CAP_BPF = 39;

    private static volatile boolean libbpfLoaded;
    private static final String UNAVAILABILITY_CAUSE =
        unavailabilityCause(System.getProperty(DISABLE_PROP_NAME), BpfSupport::probe);

    private BpfSupport()
    {
    }

    /**
     * Whether the BPF objects can be loaded and attached by this process.
     *
     * @return true when every probe passed and the kill switch is off.
     */
    public static boolean isAvailable()
    {
        return null == UNAVAILABILITY_CAUSE;
    }

    /**
     * Why the kernel data path is unavailable, as one line.
     *
     * @return the reason, or null when {@link #isAvailable()}.
     */
    public static String unavailabilityCause()
    {
        return UNAVAILABILITY_CAUSE;
    }

    /**
     * The decision: the kill switch wins, otherwise whatever the probe reports.
     *
     * @param disableProperty value of {@value #DISABLE_PROP_NAME}, may be null.
     * @param probe           returns null when usable, else the reason.
     * @return null when available, otherwise the reason.
     */
    static String unavailabilityCause(final String disableProperty, final Supplier<String> probe)
    {
        if (null != disableProperty && Boolean.parseBoolean(disableProperty.trim()))
        {
            return "disabled by " + DISABLE_PROP_NAME;
        }
        return probe.get();
    }

    /**
     * Whether libbpf.so.1 has been loaded successfully (by the probe or by any use of the binding).
     *
     * @return true once {@link Libbpf} initialised.
     */
    static boolean isLibbpfLoaded()
    {
        if (!libbpfLoaded)
        {
            try
            {
                Libbpf.libbpf_major_version();
                libbpfLoaded = true;
            }
            catch (final LinkageError ex)
            {
                return false;
            }
        }
        return true;
    }

    private static String probe()
    {
        final String os = System.getProperty("os.name", "");
        final String arch = System.getProperty("os.arch", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux") || !("amd64".equals(arch) || "x86_64".equals(arch)))
        {
            return "not Linux x86-64 (" + os + " " + arch + ")";
        }

        final int major;
        try
        {
            major = Libbpf.libbpf_major_version();
            libbpfLoaded = true;
        }
        catch (final LinkageError ex)
        {
            final Throwable root = null == ex.getCause() ? ex : ex.getCause();
            return Libbpf.LIBRARY + " cannot be loaded: " + oneLine(String.valueOf(root.getMessage()));
        }
        if (major < 1)
        {
            return "libbpf " + major + "." + Libbpf.libbpf_minor_version() + " is too old (1.x needed)";
        }

        final String capabilities = capabilityProblem(readCapEff());
        if (null != capabilities)
        {
            return capabilities;
        }

        final int progProbe = Libbpf.libbpf_probe_bpf_prog_type(Libbpf.BPF_PROG_TYPE_SCHED_CLS, 0);
        if (1 != progProbe)
        {
            return "kernel cannot load BPF_PROG_TYPE_SCHED_CLS programs (probe: " + probeText(progProbe) + ")";
        }
        final int mapProbe = Libbpf.libbpf_probe_bpf_map_type(Libbpf.BPF_MAP_TYPE_RINGBUF, 0);
        if (1 != mapProbe)
        {
            return "kernel has no BPF_MAP_TYPE_RINGBUF (probe: " + probeText(mapProbe) + ")";
        }

        if (null == BpfSupport.class.getResource(TAP_TX_RESOURCE) ||
            null == BpfSupport.class.getResource(VXLAN_RX_RESOURCE))
        {
            return "not built: clang was missing at build time (no " + TAP_TX_RESOURCE + " or " +
                VXLAN_RX_RESOURCE + " in the jar)";
        }
        return null;
    }

    private static String probeText(final int result)
    {
        return result < 0 ? BpfException.describe(result) : String.valueOf(result);
    }

    /**
     * The effective capability mask of this process.
     *
     * @return {@code CapEff} from {@code /proc/self/status}, or -1 when unreadable.
     */
    static long readCapEff()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8))
            {
                if (line.startsWith("CapEff:"))
                {
                    return Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            return -1;
        }
        return -1;
    }

    /**
     * What the capability mask lacks for loading and attaching.
     *
     * @param capEff the effective mask, -1 when unknown.
     * @return null when CAP_NET_ADMIN and CAP_BPF (or CAP_SYS_ADMIN) are present, else the reason.
     */
    static String capabilityProblem(final long capEff)
    {
        if (-1 == capEff)
        {
            return "cannot read CapEff from /proc/self/status";
        }
        final boolean bpf = 0 != (capEff & (1L << CAP_BPF)) || 0 != (capEff & (1L << CAP_SYS_ADMIN));
        final boolean netAdmin = 0 != (capEff & (1L << CAP_NET_ADMIN));
        if (bpf && netAdmin)
        {
            return null;
        }
        return "CAP_BPF and CAP_NET_ADMIN not effective (missing " +
            (bpf ? "CAP_NET_ADMIN" : netAdmin ? "CAP_BPF" : "CAP_BPF and CAP_NET_ADMIN") +
            "; CapEff=" + Long.toHexString(capEff) + ")";
    }

    private static String oneLine(final String text)
    {
        final int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
