package org.vnet.tools.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vnet.inference.capture.CaptureFiles;
import org.vnet.inference.capture.CaptureFormatException;
import org.vnet.inference.capture.CaptureSource;
import org.vnet.inference.engine.InferenceConfig;
import org.vnet.inference.engine.InferenceEngine;
import org.vnet.inference.engine.ResultJson;
import org.vnet.inference.engine.ResultText;
import org.vnet.inference.event.EventHandler;
import org.vnet.inference.event.EventRecord;
import org.vnet.inference.vttif.TrafficMatrix;
import org.vnet.journal.JournalSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vnetctl analyze CAPTURE [--json]}: runs the inference engine over a pcap or pcapng file, or over a daemon's
 * packet-event journal directory (the same records the daemon analysed live), without a daemon, and prints its report ({@code ResultText}) or one JSON document ({@code ResultJson}).
 * <p>
 * Exit codes: {@value Vnetctl#EXIT_OK} analysed (a result may still say "not enough data");
 * {@value #EXIT_BAD_CAPTURE} the capture cannot be read (missing, empty, corrupt, truncated, unsupported link
 * type); {@value Vnetctl#EXIT_USAGE} a bad option.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Infer the traffic matrix, topology, RIR, BIC and timing of the application in a pcap or pcapng "
        + "capture (Ethernet, raw IP or Linux cooked), or in a vnetd journal directory. Needs no daemon.",
        "Exit codes: 0 analysed (the result says when there is not enough data), 1 the capture cannot be read, "
            + "64 bad option."})
final class AnalyzeCommand implements Callable<Integer> {
    /** The capture could not be read. */
    static final int EXIT_BAD_CAPTURE = 1;
    /** Progress is printed this often. */
    static final long PROGRESS_INTERVAL_NS = 500_000_000L;
    /** Events handed to the engine per poll; the progress clock is read between polls. */
    static final int BATCH = 4096;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "CAPTURE", description = "pcap or pcapng file, or a journal directory")
    private Path capture;

    @Option(names = "--json", description = "print one JSON document instead of the report")
    private boolean json;

    @Option(names = "--alpha", paramLabel = "A",
        description = "VTTIF denoising: drop matrix cells below A x the largest, in [0, 1] (default: ${DEFAULT-VALUE})")
    private double alpha = InferenceConfig.ALPHA_DEFAULT;

    @Option(names = "--c", paramLabel = "C",
        description = "RIR: a send counts when its gap exceeds C x RTT, in (0, 100] (default: ${DEFAULT-VALUE})")
    private double c = InferenceConfig.C_DEFAULT;

    @Option(names = "--window", paramLabel = "SECONDS",
        description = "RIR sliding window, at least 0.001 (default: 1)")
    private Double windowSeconds;

    @Option(names = "--slide", paramLabel = "SECONDS",
        description = "RIR window slide t, in [0.001, window] (default: 0.1, or the window if shorter)")
    private Double slideSeconds;

    @Option(names = "--ignore-ports", paramLabel = "PORTS", split = ",",
        description = "TCP/UDP ports whose traffic is noise: PORTS replaces the engine's default list (SSH, DNS, "
            + "DHCP, NTP, mDNS, LLMNR, VXLAN, Geneve), +PORTS adds to it, 'none' empties it")
    private List<String> ignorePorts;

    @Option(names = "--ignore-ethertypes", paramLabel = "TYPES", split = ",",
        description = "EtherTypes that are noise, hex (0x88cc) or decimal: TYPES replaces the default list (ARP, "
            + "RARP, LLDP, 802.1X, slow protocols), +TYPES adds to it, 'none' empties it")
    private List<String> ignoreEtherTypes;

    @Option(names = "--keep-group-addressed", description = "count broadcast and multicast frames as application traffic")
    private boolean keepGroupAddressed;

    @Option(names = "--fallback-rtt", paramLabel = "SECONDS",
        description = "RTT to use where the traffic gives none (non-TCP); default: report 'not enough data'")
    private Double fallbackRttSeconds;

    @Option(names = "--loaded-threshold", paramLabel = "F",
        description = "BIC names an endpoint loaded when its delay exceeds the median by this fraction "
            + "(default: ${DEFAULT-VALUE})")
    private double loadedThreshold = InferenceConfig.LOADED_THRESHOLD_DEFAULT;

    @Option(names = "--matrix-only",
        description = "only count bytes and frames per ordered MAC pair over every frame (no noise filter, no "
            + "duplicate suppression, no topology, RIR or BIC): what 'tshark -z conv,eth' counts")
    private boolean matrixOnly;

    @Option(names = "--partial",
        description = "if the capture breaks part-way (e.g. tcpdump was killed), analyse the packets before the "
            + "break instead of failing")
    private boolean partial;

    @Option(names = "--progress", negatable = true,
        description = "progress on stderr every 0.5 s (default: only when stderr is a terminal)")
    private Boolean progress;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        json |= parentJson();
        final InferenceConfig config;
        try {
            config = config();
        } catch (final IllegalArgumentException e) {
            err.println("vnetctl analyze: " + e.getMessage());
            return Vnetctl.EXIT_USAGE;
        }
        if (Files.isDirectory(capture)) {
            return analyzeJournal(config, out, err);
        }
        if (!Files.isRegularFile(capture)) {
            err.println("vnetctl analyze: " + (Files.exists(capture) ? "not a regular file: " : "no such capture file: ")
                + capture);
            return EXIT_BAD_CAPTURE;
        }
        final long size = CaptureFiles.size(capture);
        final InferenceEngine engine = matrixOnly ? null : new InferenceEngine(config);
        final RawMatrix raw = matrixOnly ? new RawMatrix() : null;
        final EventHandler handler = matrixOnly ? raw : engine;
        final boolean showProgress = progress != null ? progress : stderrIsTerminal();
        final Progress meter = new Progress(err, size, System::nanoTime);
        try (CaptureSource source = CaptureFiles.open(capture)) {
            try {
                while (!source.isExhausted()) {
                    source.poll(handler, BATCH);
                    if (showProgress) {
                        meter.tick(source.bytesRead(), source.packetsRead(), false);
                    }
                }
            } catch (final CaptureFormatException e) {
                if (!partial || source.packetsRead() == 0) {
                    meter.finish(showProgress, source.bytesRead(), source.packetsRead());
                    err.println("vnetctl analyze: " + capture + ": " + e.getMessage()
                        + (source.packetsRead() > 0 ? "; " + source.packetsRead()
                            + " packets before it (analyse them with --partial)" : ""));
                    return EXIT_BAD_CAPTURE;
                }
                err.println("vnetctl analyze: warning: " + capture + ": " + e.getMessage() + "; analysed the "
                    + source.packetsRead() + " packets before it");
            }
            meter.finish(showProgress, source.bytesRead(), source.packetsRead());
            if (matrixOnly) {
                printMatrix(raw, out);
            } else if (json) {
                out.println(ResultJson.render(engine.result()));
            } else {
                out.print(ResultText.render(engine.result()));
            }
            return Vnetctl.EXIT_OK;
        } catch (final CaptureFormatException | UncheckedIOException e) {
            err.println("vnetctl analyze: " + capture + ": " + e.getMessage());
            return EXIT_BAD_CAPTURE;
        } catch (final RuntimeException e) {
            // A bug in the engine on this input: say so in one line, never a stack trace.
            err.println("vnetctl analyze: " + capture + ": the analysis failed: " + e);
            return EXIT_BAD_CAPTURE;
        }
    }

    /** Analyses every complete record of the journal in directory {@code capture}, oldest first. */
    private int analyzeJournal(final InferenceConfig config, final PrintWriter out, final PrintWriter err) {
        if (!JournalSource.isJournal(capture)) {
            err.println("vnetctl analyze: " + capture + " is a directory but holds no journal (no .cq4 files)");
            return EXIT_BAD_CAPTURE;
        }
        final InferenceEngine engine = matrixOnly ? null : new InferenceEngine(config);
        final RawMatrix raw = matrixOnly ? new RawMatrix() : null;
        final EventHandler handler = matrixOnly ? raw : engine;
        final boolean showProgress = progress != null ? progress : stderrIsTerminal();
        final Progress meter = new Progress(err, -1, System::nanoTime);
        try (JournalSource source = JournalSource.open(capture, false)) {
            while (!source.isExhausted()) {
                source.poll(handler, BATCH);
                if (showProgress) {
                    meter.tick(source.recordsRead() * EventRecord.LENGTH, source.recordsRead(), false);
                }
            }
            meter.finish(showProgress, source.recordsRead() * EventRecord.LENGTH, source.recordsRead());
            if (source.skipped() > 0) {
                err.println("vnetctl analyze: warning: " + capture + ": skipped " + source.skipped()
                    + " excerpts that are not event records");
            }
            if (matrixOnly) {
                printMatrix(raw, out);
            } else if (json) {
                out.println(ResultJson.render(engine.result()));
            } else {
                out.print(ResultText.render(engine.result()));
            }
            return Vnetctl.EXIT_OK;
        } catch (final RuntimeException | AssertionError e) {
            // Chronicle reports an unreadable queue with runtime exceptions and, on Java 17 without its
            // --add-opens, an AssertionError: one line either way, never a stack trace.
            err.println("vnetctl analyze: " + capture + ": cannot read the journal: " + e);
            return EXIT_BAD_CAPTURE;
        }
    }

    /** {@code vnetctl --json analyze FILE} means the same as {@code vnetctl analyze FILE --json}. */
    private boolean parentJson() {
        final CommandSpec parent = spec.parent();
        final OptionSpec option = parent == null ? null : parent.findOption("--json");
        return option != null && Boolean.TRUE.equals(option.getValue());
    }

    /** The engine's configuration from the options, validated by {@link InferenceConfig#conclude()}. */
    InferenceConfig config() {
        final InferenceConfig config = new InferenceConfig().alpha(alpha).c(c).loadedThreshold(loadedThreshold)
            .ignoreGroupAddressed(!keepGroupAddressed);
        if (!Double.isFinite(alpha) || !Double.isFinite(c) || !Double.isFinite(loadedThreshold)) {
            throw new IllegalArgumentException("--alpha, --c and --loaded-threshold must be finite numbers");
        }
        final long windowNs = windowSeconds == null ? InferenceConfig.RIR_WINDOW_NS_DEFAULT
            : nanos("--window", windowSeconds);
        config.rirWindowNs(windowNs);
        config.rirSlideNs(slideSeconds == null ? Math.min(InferenceConfig.RIR_SLIDE_NS_DEFAULT, windowNs)
            : nanos("--slide", slideSeconds));
        if (fallbackRttSeconds != null) {
            config.fallbackRttNs(nanos("--fallback-rtt", fallbackRttSeconds));
        }
        if (ignorePorts != null) {
            config.ignoredPorts(numbers("--ignore-ports", ignorePorts, 65535, config.ignoredPorts()));
        }
        if (ignoreEtherTypes != null) {
            config.ignoredEtherTypes(numbers("--ignore-ethertypes", ignoreEtherTypes, 0xFFFF, config.ignoredEtherTypes()));
        }
        try {
            return config.conclude();
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("bad parameter: " + e.getMessage(), e);
        }
    }

    private static long nanos(final String option, final double seconds) {
        if (!Double.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
            throw new IllegalArgumentException(option + " must be a positive number of seconds up to 86400: " + seconds);
        }
        return Math.round(seconds * 1e9);
    }

    /** "A,B" replaces {@code defaults}, "+A,B" adds to them, "none" is the empty set. */
    private static Set<Integer> numbers(final String option, final List<String> values, final int max,
                                        final Set<Integer> defaults) {
        final Set<Integer> set = new TreeSet<>();
        if (values.size() == 1 && values.get(0).trim().equalsIgnoreCase("none")) {
            return set;
        }
        final boolean add = !values.isEmpty() && values.get(0).trim().startsWith("+");
        if (add) {
            set.addAll(defaults);
        }
        for (int i = 0; i < values.size(); i++) {
            final String raw = values.get(i);
            final String v = (i == 0 && add ? raw.trim().substring(1) : raw.trim()).toLowerCase(Locale.ROOT);
            final int n;
            try {
                n = v.startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException(option + ": not a number: '" + raw + "'", e);
            }
            if (n < 0 || n > max) {
                throw new IllegalArgumentException(option + ": out of range [0, " + max + "]: " + raw);
            }
            set.add(n);
        }
        return set;
    }

    private void printMatrix(final RawMatrix raw, final PrintWriter out) {
        final List<TrafficMatrix.Entry> entries = raw.matrix.entries();
        if (json) {
            final ObjectNode doc = MAPPER.createObjectNode();
            doc.put("frames", raw.frames);
            doc.put("bytes", raw.bytes);
            final ArrayNode matrix = doc.putArray("matrix");
            for (final TrafficMatrix.Entry e : entries) {
                matrix.addObject().put("src", InferenceEngine.endpointName(e.srcMac(), List.of()))
                    .put("dst", InferenceEngine.endpointName(e.dstMac(), List.of()))
                    .put("bytes", e.bytes()).put("frames", e.frames());
            }
            try {
                out.println(MAPPER.writeValueAsString(doc));
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        out.println("Raw matrix: " + raw.frames + " frames, " + raw.bytes + " bytes, " + entries.size() + " MAC pairs");
        final Table t = new Table("SRC", "DST", "BYTES>", "FRAMES>");
        for (final TrafficMatrix.Entry e : entries) {
            t.row(InferenceEngine.endpointName(e.srcMac(), List.of()), InferenceEngine.endpointName(e.dstMac(), List.of()),
                e.bytes(), e.frames());
        }
        t.print(out);
    }

    /** Whether fd 2 is a terminal (Linux: /proc/self/fd/2 names a tty). */
    static boolean stderrIsTerminal() {
        try {
            final String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (final IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** Every frame into one matrix, keyed by source and destination MAC. */
    static final class RawMatrix implements EventHandler {
        final TrafficMatrix matrix = new TrafficMatrix();
        long frames;
        long bytes;

        @Override
        public void onEvent(final EventRecord r) {
            frames++;
            bytes += r.frameLength();
            matrix.add(r.srcMac(), r.dstMac(), r.frameLength(), 1);
        }
    }

    /** Prints "read 120.0 of 512.0 MB (23%), 1,234,567 packets, 2.1 M packets/s" at most every interval. */
    static final class Progress {
        private final PrintWriter err;
        private final long size;
        private final LongSupplier clock;
        private final long startNs;
        private long nextNs;

        Progress(final PrintWriter err, final long size, final LongSupplier clock) {
            this.err = err;
            this.size = size;
            this.clock = clock;
            this.startNs = clock.getAsLong();
            this.nextNs = startNs + PROGRESS_INTERVAL_NS;
        }

        void tick(final long bytesRead, final long packets, final boolean force) {
            final long now = clock.getAsLong();
            if (!force && now < nextNs) {
                return;
            }
            nextNs = now + PROGRESS_INTERVAL_NS;
            err.println(line(bytesRead, packets, now - startNs));
            err.flush();
        }

        /** A last line with the totals, if progress is on. */
        void finish(final boolean enabled, final long bytesRead, final long packets) {
            if (enabled) {
                tick(bytesRead, packets, true);
            }
        }

        String line(final long bytesRead, final long packets, final long elapsedNs) {
            final double seconds = Math.max(elapsedNs, 1) / 1e9;
            final String share = size > 0
                ? String.format(Locale.ROOT, " of %.1f MB (%d%%)", size / 1e6, Math.min(100, bytesRead * 100 / size)) : "";
            return String.format(Locale.ROOT, "analyze: read %.1f MB%s, %,d packets, %.2f M packets/s, %.1f s",
                bytesRead / 1e6, share, packets, packets / seconds / 1e6, seconds);
        }
    }
}
