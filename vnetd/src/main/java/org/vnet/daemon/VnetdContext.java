package org.vnet.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

import org.vnet.daemon.config.DaemonConfig;
import org.vnet.daemon.model.Names;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.daemon.wire.VirtioNetHeader;

/**
 * Every setting of one daemon, in one place: the YAML configuration ({@link DaemonConfig}) and the
 * {@code -D} overrides of the data path, each with its property name, default and meaning side by
 * side. Built by {@link #of(DaemonConfig)} (the only reader of system properties in the daemon) or
 * by fluent setters in tests, then {@link #conclude()}d: that validates every setting, reports all
 * problems at once and fills the derived values. A concluded context no longer changes and is
 * passed through constructors; two daemons in one JVM each have their own.
 */
public final class VnetdContext {
    /** Property: record frames for inference and keep MAC-pair counters. */
    public static final String INFERENCE_PROP_NAME = "vnet.inference";
    /** Default of {@link #INFERENCE_PROP_NAME}. */
    public static final boolean INFERENCE_DEFAULT = true;
    /** Property: microseconds the data-plane loop keeps polling after the last ready fd before it sleeps. */
    public static final String SPIN_MICROS_PROP_NAME = "vnet.dataplane.spinMicros";
    /** Default of {@link #SPIN_MICROS_PROP_NAME}: sleep at once. */
    public static final long SPIN_MICROS_DEFAULT = 0;
    /** Property: UDP links use the libvnetfwd socket (GSO/GRO, sendmmsg) when the library loads. */
    public static final String NATIVE_UDP_PROP_NAME = "vnet.udp.native";
    /** Default of {@link #NATIVE_UDP_PROP_NAME}. */
    public static final boolean NATIVE_UDP_DEFAULT = true;
    /** Property: TCP segments of one GRO read are joined into one super-frame before the switch. */
    public static final String UDP_COALESCE_PROP_NAME = "vnet.udp.coalesce";
    /** Default of {@link #UDP_COALESCE_PROP_NAME}. */
    public static final boolean UDP_COALESCE_DEFAULT = true;
    /** Property: equal UDP datagrams of one GRO read are joined into one USO super-frame too. */
    public static final String UDP_USO_PROP_NAME = "vnet.udp.uso";
    /** Default of {@link #UDP_USO_PROP_NAME}. */
    public static final boolean UDP_USO_DEFAULT = true;
    /** Property: a burst of equal-size datagrams to one peer leaves as one {@code UDP_SEGMENT} message. */
    public static final String UDP_MERGE_DATAGRAMS_PROP_NAME = "vnet.udp.mergeDatagrams";
    /** Default of {@link #UDP_MERGE_DATAGRAMS_PROP_NAME}. */
    public static final boolean UDP_MERGE_DATAGRAMS_DEFAULT = true;
    /** Property: messages a {@code security: aead} link seals under one key before moving to the next key epoch. */
    public static final String UDP_EPOCH_MESSAGES_PROP_NAME = "vnet.udp.epochMessages";
    /** Default of {@link #UDP_EPOCH_MESSAGES_PROP_NAME}: 2^20. */
    public static final long UDP_EPOCH_MESSAGES_DEFAULT = 1L << 20;
    /** Property: TAPs are opened with {@code IFF_VNET_HDR} (needed for every TAP offload). */
    public static final String TAP_VNET_HEADER_PROP_NAME = "vnet.tap.vnetHeader";
    /** Default of {@link #TAP_VNET_HEADER_PROP_NAME}. */
    public static final boolean TAP_VNET_HEADER_DEFAULT = true;
    /** Property: TAPs accept partial checksums and TCP super-frames (TSO4/6, ECN) from the VM. */
    public static final String TAP_OFFLOAD_PROP_NAME = "vnet.tap.offload";
    /** Default of {@link #TAP_OFFLOAD_PROP_NAME}. */
    public static final boolean TAP_OFFLOAD_DEFAULT = true;
    /** Property: TAPs accept UDP super-frames (USO, Linux 6.2+) too. */
    public static final String TAP_USO_PROP_NAME = "vnet.tap.uso";
    /** Default of {@link #TAP_USO_PROP_NAME}. */
    public static final boolean TAP_USO_DEFAULT = true;
    /** Property: TLS provider, {@code openssl} (BoringSSL where it loads, else the JDK's) or {@code jdk}. */
    public static final String TLS_PROVIDER_PROP_NAME = "vnet.tls.provider";
    /** Default of {@link #TLS_PROVIDER_PROP_NAME}. */
    public static final String TLS_PROVIDER_DEFAULT = "openssl";
    /** Property: milliseconds after which an unseen MAC address is forgotten. */
    public static final String MAC_AGE_MILLIS_PROP_NAME = "vnet.mac.ageMillis";
    /** Default of {@link #MAC_AGE_MILLIS_PROP_NAME}. */
    public static final long MAC_AGE_MILLIS_DEFAULT = 300_000;
    /** Property: most MAC addresses learned (a MAC-flooding VM cannot grow the table past it). */
    public static final String MAC_CAPACITY_PROP_NAME = "vnet.mac.capacity";
    /** Default of {@link #MAC_CAPACITY_PROP_NAME}. */
    public static final int MAC_CAPACITY_DEFAULT = 65_536;
    /** Property: milliseconds between two traffic-matrix summaries sent to the peers for the global view. */
    public static final String SUMMARY_PERIOD_MILLIS_PROP_NAME = "vnet.inference.summaryPeriodMillis";
    /** Default of {@link #SUMMARY_PERIOD_MILLIS_PROP_NAME}. */
    public static final long SUMMARY_PERIOD_MILLIS_DEFAULT = 2_000;

    /**
     * Outer IPv4 + UDP + frame header + virtio_net_hdr (a GSO segment carries one) + inner Ethernet
     * header: what a TAP's MTU leaves to the underlay.
     */
    public static final int UDP_IPV4_OVERHEAD = 20 + 8 + FrameHeader.LENGTH + VirtioNetHeader.LENGTH + 14;

    private boolean concluded;
    private final List<String> problems = new ArrayList<>();

    private DaemonConfig config;
    private String name;
    private boolean hub;
    private int underlayMtu = DaemonConfig.UNDERLAY_MTU_DEFAULT;
    private boolean inference = INFERENCE_DEFAULT;
    private long spinMicros = SPIN_MICROS_DEFAULT;
    private boolean nativeUdp = NATIVE_UDP_DEFAULT;
    private boolean udpCoalesce = UDP_COALESCE_DEFAULT;
    private boolean udpUso = UDP_USO_DEFAULT;
    private boolean udpMergeDatagrams = UDP_MERGE_DATAGRAMS_DEFAULT;
    private long udpEpochMessages = UDP_EPOCH_MESSAGES_DEFAULT;
    private boolean tapVnetHeader = TAP_VNET_HEADER_DEFAULT;
    private boolean tapOffload = TAP_OFFLOAD_DEFAULT;
    private boolean tapUso = TAP_USO_DEFAULT;
    private String tlsProvider = TLS_PROVIDER_DEFAULT;
    private long macAgeMillis = MAC_AGE_MILLIS_DEFAULT;
    private int macCapacity = MAC_CAPACITY_DEFAULT;
    private long summaryPeriodMillis = SUMMARY_PERIOD_MILLIS_DEFAULT;

    private SslProvider sslProvider;
    private int defaultTapMtu;

    /**
     * The context of a daemon started from {@code config}, with the JVM's system properties as
     * overrides; not yet concluded.
     */
    public static VnetdContext of(final DaemonConfig config) {
        return new VnetdContext().config(config).overrides(System.getProperties());
    }

    /**
     * Takes {@code config}'s identity, hub role and underlay MTU, and keeps it for what a daemon
     * starts with (listen addresses, files, interfaces, links, rules, journal, data path).
     */
    public VnetdContext config(final DaemonConfig config) {
        checkNotConcluded();
        this.config = config;
        this.name = config.name();
        this.hub = config.hub();
        this.underlayMtu = config.underlayMtu();
        return this;
    }

    /**
     * Applies the settings named in {@code properties} (the {@code *_PROP_NAME} constants); a value
     * that cannot be read is reported by {@link #conclude()}.
     */
    public VnetdContext overrides(final Properties properties) {
        checkNotConcluded();
        inference = bool(properties, INFERENCE_PROP_NAME, inference);
        spinMicros = number(properties, SPIN_MICROS_PROP_NAME, spinMicros);
        nativeUdp = bool(properties, NATIVE_UDP_PROP_NAME, nativeUdp);
        udpCoalesce = bool(properties, UDP_COALESCE_PROP_NAME, udpCoalesce);
        udpUso = bool(properties, UDP_USO_PROP_NAME, udpUso);
        udpMergeDatagrams = bool(properties, UDP_MERGE_DATAGRAMS_PROP_NAME, udpMergeDatagrams);
        udpEpochMessages = number(properties, UDP_EPOCH_MESSAGES_PROP_NAME, udpEpochMessages);
        tapVnetHeader = bool(properties, TAP_VNET_HEADER_PROP_NAME, tapVnetHeader);
        tapOffload = bool(properties, TAP_OFFLOAD_PROP_NAME, tapOffload);
        tapUso = bool(properties, TAP_USO_PROP_NAME, tapUso);
        final String provider = properties.getProperty(TLS_PROVIDER_PROP_NAME);
        if (provider != null) {
            tlsProvider = provider.trim().toLowerCase(Locale.ROOT);
        }
        macAgeMillis = number(properties, MAC_AGE_MILLIS_PROP_NAME, macAgeMillis);
        final long capacity = number(properties, MAC_CAPACITY_PROP_NAME, macCapacity);
        if (capacity > Integer.MAX_VALUE) {
            problems.add(MAC_CAPACITY_PROP_NAME + ": " + capacity + " is too large");
        } else {
            macCapacity = (int) capacity;
        }
        summaryPeriodMillis = number(properties, SUMMARY_PERIOD_MILLIS_PROP_NAME, summaryPeriodMillis);
        return this;
    }

    /**
     * Validates every setting and fills the derived values; afterwards the context no longer changes.
     *
     * @return this
     * @throws IllegalStateException    if already concluded
     * @throws IllegalArgumentException listing every bad setting, one per line, as {@code NAME: reason}
     */
    public VnetdContext conclude() {
        checkNotConcluded();
        final List<String> bad = new ArrayList<>(problems);
        if (name == null) {
            bad.add("name: missing (the daemon's identity)");
        } else {
            try {
                Names.check("daemon", name);
            } catch (final IllegalArgumentException e) {
                bad.add("name: " + e.getMessage());
            }
        }
        if (underlayMtu < DaemonConfig.UNDERLAY_MTU_MIN || underlayMtu > DaemonConfig.UNDERLAY_MTU_MAX) {
            bad.add("underlayMtu: " + underlayMtu + " is out of range " + DaemonConfig.UNDERLAY_MTU_MIN + ".."
                + DaemonConfig.UNDERLAY_MTU_MAX);
        }
        if (udpEpochMessages < 1 || udpEpochMessages > UDP_EPOCH_MESSAGES_DEFAULT) {
            bad.add(UDP_EPOCH_MESSAGES_PROP_NAME + ": " + udpEpochMessages + " is out of range 1.." + UDP_EPOCH_MESSAGES_DEFAULT);
        }
        if (spinMicros < 0 || spinMicros > 1_000_000) {
            bad.add(SPIN_MICROS_PROP_NAME + ": " + spinMicros + " is out of range 0..1000000");
        }
        if (!"openssl".equals(tlsProvider) && !"jdk".equals(tlsProvider)) {
            bad.add(TLS_PROVIDER_PROP_NAME + ": '" + tlsProvider + "' is not openssl or jdk");
        }
        if (macAgeMillis < 1) {
            bad.add(MAC_AGE_MILLIS_PROP_NAME + ": " + macAgeMillis + " is not positive");
        }
        if (macCapacity < 1) {
            bad.add(MAC_CAPACITY_PROP_NAME + ": " + macCapacity + " is not positive");
        }
        if (summaryPeriodMillis < 1) {
            bad.add(SUMMARY_PERIOD_MILLIS_PROP_NAME + ": " + summaryPeriodMillis + " is not positive");
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(String.join(System.lineSeparator(), bad));
        }
        sslProvider = "openssl".equals(tlsProvider) && OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        defaultTapMtu = underlayMtu - UDP_IPV4_OVERHEAD;
        concluded = true;
        return this;
    }

    /** Whether {@link #conclude()} ran. */
    public boolean isConcluded() {
        return concluded;
    }

    /** The configuration file's content, or null for a context built without one (tests of parts). */
    public DaemonConfig config() {
        return config;
    }

    /** Sets the daemon's name, 1-32 of [A-Za-z0-9_.-], sent in HELLO and summaries. */
    public VnetdContext name(final String name) {
        checkNotConcluded();
        this.name = name;
        return this;
    }

    /** The daemon's name. */
    public String name() {
        return name;
    }

    /** Sets whether the daemon is the star's hub (forwards link to link, reduces summaries). */
    public VnetdContext hub(final boolean hub) {
        checkNotConcluded();
        this.hub = hub;
        return this;
    }

    /** Whether the daemon is the star's hub. */
    public boolean hub() {
        return hub;
    }

    /** Sets the MTU of the network the links run over ({@code underlayMtu:} in the YAML). */
    public VnetdContext underlayMtu(final int mtu) {
        checkNotConcluded();
        this.underlayMtu = mtu;
        return this;
    }

    /** MTU of the network the links run over. */
    public int underlayMtu() {
        return underlayMtu;
    }

    /** Sets {@link #INFERENCE_PROP_NAME}. */
    public VnetdContext inference(final boolean inference) {
        checkNotConcluded();
        this.inference = inference;
        return this;
    }

    /** {@link #INFERENCE_PROP_NAME}: whether frames are recorded for inference and MAC pairs counted. */
    public boolean inference() {
        return inference;
    }

    /** Sets {@link #SPIN_MICROS_PROP_NAME}. */
    public VnetdContext spinMicros(final long micros) {
        checkNotConcluded();
        this.spinMicros = micros;
        return this;
    }

    /** {@link #SPIN_MICROS_PROP_NAME}: how long the data-plane loop polls before it sleeps. */
    public long spinMicros() {
        return spinMicros;
    }

    /** Sets {@link #NATIVE_UDP_PROP_NAME}. */
    public VnetdContext nativeUdp(final boolean nativeUdp) {
        checkNotConcluded();
        this.nativeUdp = nativeUdp;
        return this;
    }

    /** {@link #NATIVE_UDP_PROP_NAME}: whether UDP links may use the libvnetfwd socket. */
    public boolean nativeUdp() {
        return nativeUdp;
    }

    /** Sets {@link #UDP_COALESCE_PROP_NAME}. */
    public VnetdContext udpCoalesce(final boolean coalesce) {
        checkNotConcluded();
        this.udpCoalesce = coalesce;
        return this;
    }

    /** {@link #UDP_COALESCE_PROP_NAME}: whether a GRO read's segments are joined before the switch. */
    public boolean udpCoalesce() {
        return udpCoalesce;
    }

    /** Sets {@link #UDP_USO_PROP_NAME}. */
    public VnetdContext udpUso(final boolean uso) {
        checkNotConcluded();
        this.udpUso = uso;
        return this;
    }

    /** {@link #UDP_USO_PROP_NAME}: whether equal UDP datagrams are joined into USO super-frames too. */
    public boolean udpUso() {
        return udpUso;
    }

    /** Sets {@link #UDP_MERGE_DATAGRAMS_PROP_NAME}. */
    public VnetdContext udpMergeDatagrams(final boolean merge) {
        checkNotConcluded();
        this.udpMergeDatagrams = merge;
        return this;
    }

    /** {@link #UDP_MERGE_DATAGRAMS_PROP_NAME}: whether equal-size datagrams to one peer share a message. */
    public boolean udpMergeDatagrams() {
        return udpMergeDatagrams;
    }

    /** Sets {@link #UDP_EPOCH_MESSAGES_PROP_NAME}. */
    public VnetdContext udpEpochMessages(final long messages) {
        checkNotConcluded();
        this.udpEpochMessages = messages;
        return this;
    }

    /** {@link #UDP_EPOCH_MESSAGES_PROP_NAME}: messages per key epoch of a sealed link. */
    public long udpEpochMessages() {
        return udpEpochMessages;
    }

    /** Sets {@link #TAP_VNET_HEADER_PROP_NAME}. */
    public VnetdContext tapVnetHeader(final boolean vnetHeader) {
        checkNotConcluded();
        this.tapVnetHeader = vnetHeader;
        return this;
    }

    /** {@link #TAP_VNET_HEADER_PROP_NAME}: whether TAPs carry a {@code virtio_net_hdr}. */
    public boolean tapVnetHeader() {
        return tapVnetHeader;
    }

    /** Sets {@link #TAP_OFFLOAD_PROP_NAME}. */
    public VnetdContext tapOffload(final boolean offload) {
        checkNotConcluded();
        this.tapOffload = offload;
        return this;
    }

    /** {@link #TAP_OFFLOAD_PROP_NAME}: whether TAPs accept checksum and TCP offloads (needs the vnet header). */
    public boolean tapOffload() {
        return tapOffload;
    }

    /** Sets {@link #TAP_USO_PROP_NAME}. */
    public VnetdContext tapUso(final boolean uso) {
        checkNotConcluded();
        this.tapUso = uso;
        return this;
    }

    /** {@link #TAP_USO_PROP_NAME}: whether TAPs are asked for UDP segmentation offload too. */
    public boolean tapUso() {
        return tapUso;
    }

    /** Sets {@link #TLS_PROVIDER_PROP_NAME}: {@code openssl} or {@code jdk}. */
    public VnetdContext tlsProvider(final String provider) {
        checkNotConcluded();
        this.tlsProvider = provider;
        return this;
    }

    /** {@link #TLS_PROVIDER_PROP_NAME} as asked for. */
    public String tlsProvider() {
        return tlsProvider;
    }

    /** Derived: the TLS provider in use (BoringSSL only when asked for and loaded); set by {@link #conclude()}. */
    public SslProvider sslProvider() {
        return sslProvider;
    }

    /** Sets {@link #MAC_AGE_MILLIS_PROP_NAME}. */
    public VnetdContext macAgeMillis(final long millis) {
        checkNotConcluded();
        this.macAgeMillis = millis;
        return this;
    }

    /** {@link #MAC_AGE_MILLIS_PROP_NAME}: how long an unseen MAC address stays learned. */
    public long macAgeMillis() {
        return macAgeMillis;
    }

    /** Sets {@link #MAC_CAPACITY_PROP_NAME}. */
    public VnetdContext macCapacity(final int capacity) {
        checkNotConcluded();
        this.macCapacity = capacity;
        return this;
    }

    /** {@link #MAC_CAPACITY_PROP_NAME}: most MAC addresses learned. */
    public int macCapacity() {
        return macCapacity;
    }

    /** Sets {@link #SUMMARY_PERIOD_MILLIS_PROP_NAME}. */
    public VnetdContext summaryPeriodMillis(final long millis) {
        checkNotConcluded();
        this.summaryPeriodMillis = millis;
        return this;
    }

    /** {@link #SUMMARY_PERIOD_MILLIS_PROP_NAME}: how often the traffic-matrix summary goes to the peers. */
    public long summaryPeriodMillis() {
        return summaryPeriodMillis;
    }

    /** Derived: MTU of TAPs whose spec gives none (the underlay's less {@link #UDP_IPV4_OVERHEAD}). */
    public int defaultTapMtu() {
        return defaultTapMtu;
    }

    private void checkNotConcluded() {
        if (concluded) {
            throw new IllegalStateException("the context is concluded and no longer changes");
        }
    }

    private boolean bool(final Properties properties, final String key, final boolean fallback) {
        final String text = properties.getProperty(key);
        if (text == null) {
            return fallback;
        }
        final String t = text.trim().toLowerCase(Locale.ROOT);
        if ("true".equals(t)) {
            return true;
        }
        if ("false".equals(t)) {
            return false;
        }
        problems.add(key + ": '" + text + "' is not true or false");
        return fallback;
    }

    private long number(final Properties properties, final String key, final long fallback) {
        final String text = properties.getProperty(key);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (final NumberFormatException e) {
            problems.add(key + ": '" + text + "' is not an integer");
            return fallback;
        }
    }
}
