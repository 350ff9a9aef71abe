package org.vnet.inference.engine;

import org.vnet.inference.rir.RirCalculator;

import java.util.Set;
import java.util.TreeSet;

/**
 * Every parameter of the inference in one place: property-style defaults beside fluent setters, validated once by
 * {@link #conclude()} with a message naming the bad parameter. Over 500 lines on purpose: one
 * parameter is a default, a setter, a getter and a check, and they belong side by side.
 */
public final class InferenceConfig
{
    /** VTTIF denoising: drop cells below alpha times the largest (thesis: "start around 0.1"). */
    public static final double ALPHA_DEFAULT = 0.1;
    /** RIR: a send gap must exceed c * RTT (thesis MG runs: 1.1). */
    public static final double C_DEFAULT = 1.1;
    public static final long RIR_WINDOW_NS_DEFAULT = 1_000_000_000L;
    /** Slide t of the 1 s window: 10 samples per window keeps 1 Hz content well below Nyquist (5 Hz). */
    public static final long RIR_SLIDE_NS_DEFAULT = 100_000_000L;
    /** Quantile of data-to-ACK samples (0 = the minimum, as in the thesis): delayed ACKs inflate every higher one. */
    public static final double RTT_QUANTILE_DEFAULT = 0.0;
    public static final int SPECTRUM_PAD_FACTOR_DEFAULT = 4;
    public static final double ENERGY_FRACTION_DEFAULT = 0.95;
    /** A spectral peak names a super-phase when it is this many times the median bin. */
    public static final double PEAK_FACTOR_DEFAULT = 8.0;
    public static final int MIN_CYCLES_DEFAULT = 3;
    public static final int MIN_WINDOWS_DEFAULT = 5;
    /**
     * SSH, DNS, DHCP, NTP, mDNS, LLMNR (never part of a parallel application) and the tunnel ports of VXLAN
     * (4789, Linux's old 8472) and Geneve (6081), whose outer frames would count the inner traffic again between
     * hosts. vnet's own link ports are configurable, so they go in {@link #controlPorts(Set)}.
     */
    public static final Set<Integer> IGNORED_PORTS_DEFAULT =
        Set.of(22, 53, 67, 68, 123, 5353, 5355, 4789, 6081, 8472);
    /** ARP, RARP, LLDP, 802.1X, slow protocols. */
    public static final Set<Integer> IGNORED_ETHER_TYPES_DEFAULT = Set.of(0x0806, 0x8035, 0x88CC, 0x888E, 0x8809);
    public static final int MULTI_RESOLUTION_LEVELS_DEFAULT = 6;
    public static final long CHANGE_START_BYTES_PER_SECOND_DEFAULT = 10_000;
    public static final long CHANGE_STOP_BYTES_PER_SECOND_DEFAULT = 1_000;
    public static final int DETECTION_WINDOW_SECONDS_DEFAULT = 4;
    public static final int PERSIST_SECONDS_DEFAULT = 3;
    /** Same IP packet seen again within this time (several capture points, "-i any") is counted once. */
    public static final long DEDUP_WINDOW_NS_DEFAULT = 1_000_000L;
    /** Payload frames of a pair closer than this belong to the same message (train). */
    public static final long MESSAGE_GAP_NS_DEFAULT = 1_000_000L;
    public static final int MIN_TRAIN_FRAMES_DEFAULT = 8;
    /**
     * BIC names an endpoint loaded when its delay exceeds the median by this fraction (unloaded all-to-all runs
     * showed spreads up to 1.48x).
     */
    public static final double LOADED_THRESHOLD_DEFAULT = 0.5;
    public static final int MIN_ENDPOINT_EVENTS_DEFAULT = 10;
    /** RIR keeps at most this many candidate sends per endpoint (16 bytes each); the oldest half is dropped. */
    public static final int MAX_RIR_CANDIDATES_DEFAULT = 1 << 20;

    private double alpha = ALPHA_DEFAULT;
    private double c = C_DEFAULT;
    private long rirWindowNs = RIR_WINDOW_NS_DEFAULT;
    private long rirSlideNs = RIR_SLIDE_NS_DEFAULT;
    private double rttQuantile = RTT_QUANTILE_DEFAULT;
    private long fallbackRttNs;
    private int spectrumPadFactor = SPECTRUM_PAD_FACTOR_DEFAULT;
    private double energyFraction = ENERGY_FRACTION_DEFAULT;
    private double peakFactor = PEAK_FACTOR_DEFAULT;
    private int minCycles = MIN_CYCLES_DEFAULT;
    private int minWindows = MIN_WINDOWS_DEFAULT;
    private Set<Integer> ignoredPorts = new TreeSet<>(IGNORED_PORTS_DEFAULT);
    private Set<Integer> controlPorts = new TreeSet<>();
    private Set<Integer> ignoredEtherTypes = new TreeSet<>(IGNORED_ETHER_TYPES_DEFAULT);
    private boolean ignoreGroupAddressed = true;
    private int multiResolutionLevels = MULTI_RESOLUTION_LEVELS_DEFAULT;
    private long changeStartBytesPerSecond = CHANGE_START_BYTES_PER_SECOND_DEFAULT;
    private long changeStopBytesPerSecond = CHANGE_STOP_BYTES_PER_SECOND_DEFAULT;
    private int detectionWindowSeconds = DETECTION_WINDOW_SECONDS_DEFAULT;
    private int persistSeconds = PERSIST_SECONDS_DEFAULT;
    private long dedupWindowNs = DEDUP_WINDOW_NS_DEFAULT;
    private long messageGapNs = MESSAGE_GAP_NS_DEFAULT;
    private int minTrainFrames = MIN_TRAIN_FRAMES_DEFAULT;
    private double loadedThreshold = LOADED_THRESHOLD_DEFAULT;
    private long bicMaxGapNs;
    private int minEndpointEvents = MIN_ENDPOINT_EVENTS_DEFAULT;
    private int rirReceiveCondition = RirCalculator.RECEIVE_NONE;
    private boolean rirGapBreak = true;
    private int rirMethod = RirCalculator.METHOD_LEARNED_ROUNDS;
    private int maxRirCandidates = MAX_RIR_CANDIDATES_DEFAULT;
    private boolean concluded;

    /**
     * Validate every parameter.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first invalid parameter and its allowed range.
     */
    public InferenceConfig conclude()
    {
        check(alpha >= 0 && alpha <= 1, "alpha must be in [0, 1]: " + alpha);
        check(c > 0 && c <= 100, "c must be in (0, 100]: " + c);
        check(rirWindowNs >= 1_000_000, "RIR window must be at least 1 ms: " + rirWindowNs + " ns");
        check(rirSlideNs >= 1_000_000 && rirSlideNs <= rirWindowNs,
            "RIR slide must be in [1 ms, window]: " + rirSlideNs + " ns");
        check(rttQuantile >= 0 && rttQuantile <= 1, "RTT quantile must be in [0, 1]: " + rttQuantile);
        check(fallbackRttNs >= 0, "fallback RTT must not be negative: " + fallbackRttNs);
        check(spectrumPadFactor >= 1 && spectrumPadFactor <= 64, "pad factor must be in [1, 64]");
        check(energyFraction > 0 && energyFraction < 1, "energy fraction must be in (0, 1): " + energyFraction);
        check(peakFactor >= 1, "peak factor must be >= 1: " + peakFactor);
        check(minCycles >= 1, "min cycles must be >= 1");
        check(minWindows >= 2, "min windows must be >= 2");
        checkPorts(ignoredPorts, "ignored port");
        checkPorts(controlPorts, "control port");
        for (final int type : ignoredEtherTypes)
        {
            check(type >= 0 && type <= 0xFFFF, "EtherType out of range: " + type);
        }
        check(multiResolutionLevels >= 1 && multiResolutionLevels <= 12,
            "multi-resolution levels must be in [1, 12]: " + multiResolutionLevels);
        check(changeStopBytesPerSecond >= 0 && changeStopBytesPerSecond <= changeStartBytesPerSecond,
            "change detection needs 0 <= stop rate <= start rate (hysteresis)");
        check(detectionWindowSeconds >= 1 && detectionWindowSeconds < (1 << multiResolutionLevels),
            "detection window must be in [1, 2^levels - 1] seconds: " + detectionWindowSeconds);
        check(persistSeconds >= 1, "persist seconds must be >= 1");
        check(dedupWindowNs >= 0, "dedup window must not be negative");
        check(messageGapNs > 0, "message gap must be positive");
        check(minTrainFrames >= 2, "min train frames must be >= 2");
        check(loadedThreshold > 0, "loaded threshold must be positive");
        check(bicMaxGapNs >= 0, "BIC max gap must not be negative");
        check(minEndpointEvents >= 1, "min endpoint events must be >= 1");
        check(rirReceiveCondition >= RirCalculator.RECEIVE_NONE && rirReceiveCondition <= RirCalculator.RECEIVE_PAYLOAD,
            "RIR receive condition must be 0 (none), 1 (any) or 2 (payload): " + rirReceiveCondition);
        check(rirMethod >= RirCalculator.METHOD_GAP && rirMethod <= RirCalculator.METHOD_LEARNED_ROUNDS,
            "RIR method must be 0 (gap), 1 (rounds), 2 (causal rounds) or 3 (learned rounds): " + rirMethod);
        check(maxRirCandidates >= 128, "max RIR candidates must be >= 128: " + maxRirCandidates);
        concluded = true;
        return this;
    }

    boolean isConcluded()
    {
        return concluded;
    }

    private static void checkPorts(final Set<Integer> ports, final String what)
    {
        for (final int port : ports)
        {
            check(port >= 0 && port <= 65535, what + " out of range: " + port);
        }
    }

    private static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    public double alpha()
    {
        return alpha;
    }

    public InferenceConfig alpha(final double alpha)
    {
        this.alpha = alpha;
        return this;
    }

    public double c()
    {
        return c;
    }

    public InferenceConfig c(final double c)
    {
        this.c = c;
        return this;
    }

    public long rirWindowNs()
    {
        return rirWindowNs;
    }

    public InferenceConfig rirWindowNs(final long rirWindowNs)
    {
        this.rirWindowNs = rirWindowNs;
        return this;
    }

    public long rirSlideNs()
    {
        return rirSlideNs;
    }

    public InferenceConfig rirSlideNs(final long rirSlideNs)
    {
        this.rirSlideNs = rirSlideNs;
        return this;
    }

    public double rttQuantile()
    {
        return rttQuantile;
    }

    public InferenceConfig rttQuantile(final double rttQuantile)
    {
        this.rttQuantile = rttQuantile;
        return this;
    }

    public long fallbackRttNs()
    {
        return fallbackRttNs;
    }

    /** RTT to use when the traffic yields none (0 = report "not enough data" instead). */
    public InferenceConfig fallbackRttNs(final long fallbackRttNs)
    {
        this.fallbackRttNs = fallbackRttNs;
        return this;
    }

    public int spectrumPadFactor()
    {
        return spectrumPadFactor;
    }

    public InferenceConfig spectrumPadFactor(final int spectrumPadFactor)
    {
        this.spectrumPadFactor = spectrumPadFactor;
        return this;
    }

    public double energyFraction()
    {
        return energyFraction;
    }

    public InferenceConfig energyFraction(final double energyFraction)
    {
        this.energyFraction = energyFraction;
        return this;
    }

    public double peakFactor()
    {
        return peakFactor;
    }

    public InferenceConfig peakFactor(final double peakFactor)
    {
        this.peakFactor = peakFactor;
        return this;
    }

    public int minCycles()
    {
        return minCycles;
    }

    public InferenceConfig minCycles(final int minCycles)
    {
        this.minCycles = minCycles;
        return this;
    }

    public int minWindows()
    {
        return minWindows;
    }

    public InferenceConfig minWindows(final int minWindows)
    {
        this.minWindows = minWindows;
        return this;
    }

    public Set<Integer> ignoredPorts()
    {
        return ignoredPorts;
    }

    /** TCP/UDP ports whose traffic is noise (either side matching). */
    public InferenceConfig ignoredPorts(final Set<Integer> ignoredPorts)
    {
        this.ignoredPorts = new TreeSet<>(ignoredPorts);
        return this;
    }

    public Set<Integer> controlPorts()
    {
        return controlPorts;
    }

    /** The overlay's own control/data ports, filtered like {@link #ignoredPorts()}. */
    public InferenceConfig controlPorts(final Set<Integer> controlPorts)
    {
        this.controlPorts = new TreeSet<>(controlPorts);
        return this;
    }

    public Set<Integer> ignoredEtherTypes()
    {
        return ignoredEtherTypes;
    }

    public InferenceConfig ignoredEtherTypes(final Set<Integer> ignoredEtherTypes)
    {
        this.ignoredEtherTypes = new TreeSet<>(ignoredEtherTypes);
        return this;
    }

    public boolean ignoreGroupAddressed()
    {
        return ignoreGroupAddressed;
    }

    /** Whether broadcast/multicast frames are noise. */
    public InferenceConfig ignoreGroupAddressed(final boolean ignoreGroupAddressed)
    {
        this.ignoreGroupAddressed = ignoreGroupAddressed;
        return this;
    }

    public int multiResolutionLevels()
    {
        return multiResolutionLevels;
    }

    /** k: matrices are kept for the last 1, 2, 4, ... 2^k seconds. */
    public InferenceConfig multiResolutionLevels(final int multiResolutionLevels)
    {
        this.multiResolutionLevels = multiResolutionLevels;
        return this;
    }

    public long changeStartBytesPerSecond()
    {
        return changeStartBytesPerSecond;
    }

    public InferenceConfig changeStartBytesPerSecond(final long value)
    {
        this.changeStartBytesPerSecond = value;
        return this;
    }

    public long changeStopBytesPerSecond()
    {
        return changeStopBytesPerSecond;
    }

    public InferenceConfig changeStopBytesPerSecond(final long value)
    {
        this.changeStopBytesPerSecond = value;
        return this;
    }

    public int detectionWindowSeconds()
    {
        return detectionWindowSeconds;
    }

    public InferenceConfig detectionWindowSeconds(final int value)
    {
        this.detectionWindowSeconds = value;
        return this;
    }

    public int persistSeconds()
    {
        return persistSeconds;
    }

    public InferenceConfig persistSeconds(final int value)
    {
        this.persistSeconds = value;
        return this;
    }

    public long dedupWindowNs()
    {
        return dedupWindowNs;
    }

    /** Duplicate suppression window (0 disables). */
    public InferenceConfig dedupWindowNs(final long value)
    {
        this.dedupWindowNs = value;
        return this;
    }

    public long messageGapNs()
    {
        return messageGapNs;
    }

    public InferenceConfig messageGapNs(final long value)
    {
        this.messageGapNs = value;
        return this;
    }

    public int minTrainFrames()
    {
        return minTrainFrames;
    }

    public InferenceConfig minTrainFrames(final int value)
    {
        this.minTrainFrames = value;
        return this;
    }

    public double loadedThreshold()
    {
        return loadedThreshold;
    }

    public InferenceConfig loadedThreshold(final double value)
    {
        this.loadedThreshold = value;
        return this;
    }

    public long bicMaxGapNs()
    {
        return bicMaxGapNs;
    }

    /** BIC pairs further apart are idle time (0 = no limit). */
    public InferenceConfig bicMaxGapNs(final long value)
    {
        this.bicMaxGapNs = value;
        return this;
    }

    public int rirReceiveCondition()
    {
        return rirReceiveCondition;
    }

    /**
     * Which receive must separate two counted sends: {@link RirCalculator#RECEIVE_NONE} (default: the inter-send
     * delay alone; on real captures a process's peers' messages often arrive before its own sends, so the thesis'
     * condition loses iterations), {@link RirCalculator#RECEIVE_ANY} or {@link RirCalculator#RECEIVE_PAYLOAD}
     * (the thesis' "interleaved by one receive").
     */
    public InferenceConfig rirReceiveCondition(final int value)
    {
        this.rirReceiveCondition = value;
        return this;
    }

    public int rirMethod()
    {
        return rirMethod;
    }

    /**
     * {@link RirCalculator#METHOD_LEARNED_ROUNDS} (default): as causal rounds, and a message to a peer served in nearly
     * every round that exceeds its usual number of messages per round starts the next round whatever its gap;
     * {@link RirCalculator#METHOD_CAUSAL_ROUNDS}: as rounds, and a send that acknowledges a message of its
     * recipient needs no gap above the threshold; {@link RirCalculator#METHOD_ROUNDS}: only sends that start a new
     * exchange round (a new message to a peer already served since the round began) or follow a send to the same
     * peer can count, so a process descheduled between the sends of one exchange is not counted twice;
     * {@link RirCalculator#METHOD_GAP}: every send whose gap passes the threshold (the thesis).
     */
    public InferenceConfig rirMethod(final int value)
    {
        this.rirMethod = value;
        return this;
    }

    public boolean rirGapBreak()
    {
        return rirGapBreak;
    }

    /**
     * Whether the send-gap threshold may rise above c * RTT to a clear break in the inter-send delay distribution
     * (default true: with microsecond RTTs, gaps between the sends of one exchange exceed c * RTT).
     */
    public InferenceConfig rirGapBreak(final boolean value)
    {
        this.rirGapBreak = value;
        return this;
    }

    public int maxRirCandidates()
    {
        return maxRirCandidates;
    }

    /** Bound on the candidate sends kept per endpoint; when reached the oldest half is dropped. */
    public InferenceConfig maxRirCandidates(final int value)
    {
        this.maxRirCandidates = value;
        return this;
    }

    public int minEndpointEvents()
    {
        return minEndpointEvents;
    }

    public InferenceConfig minEndpointEvents(final int value)
    {
        this.minEndpointEvents = value;
        return this;
    }
}
