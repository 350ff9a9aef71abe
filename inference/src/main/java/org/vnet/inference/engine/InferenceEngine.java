package org.vnet.inference.engine;

import org.HdrHistogram.Histogram;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.vnet.inference.bic.EventKind;
import org.vnet.inference.event.EventHandler;
import org.vnet.inference.event.EventRecord;
import org.vnet.inference.event.EventSource;
import org.vnet.inference.packet.IpAddress;
import org.vnet.inference.packet.IpProtocol;
import org.vnet.inference.packet.Mac;
import org.vnet.inference.packet.Tcp;
import org.vnet.inference.rir.RirResult;
import org.vnet.inference.vttif.ChangeDetector;
import org.vnet.inference.vttif.MultiResolutionMatrix;
import org.vnet.inference.vttif.Topology;
import org.vnet.inference.vttif.TopologyClassifier;
import org.vnet.inference.vttif.TrafficMatrix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Consumes packet events and produces an {@link AnalysisResult}: VTTIF (matrix, denoising, multi-resolution,
 * change detection, topology), RIR, BIC, time decomposition and passive path measurement.
 * <p>
 * {@link #onEvent(EventRecord)} does allocation-free work per event (primitive maps keyed by MAC); memory grows
 * only with new endpoints, pairs and RIR candidate sends. Not thread-safe: feed it from one thread.
 */
public final class InferenceEngine implements EventHandler
{
    private static final long GROUP_BIT = 0x0100_0000_0000L;
    /** Marks the key of an endpoint known only by its IP address. */
    static final long PROVISIONAL_BIT = 0x8000_0000_0000_0000L;
    private static final int DEDUP_SLOTS = 4096;

    private final InferenceConfig config;
    private final boolean[] ignoredPort = new boolean[65536];
    private final boolean[] ignoredEtherType = new boolean[65536];
    private final TrafficMatrix matrix = new TrafficMatrix();
    private final TrafficMatrix observers = new TrafficMatrix();
    private final MultiResolutionMatrix recent;
    private final ChangeDetector changeDetector;
    private final Long2ObjectHashMap<EndpointState> endpoints = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<PairState> pairs = new Long2ObjectHashMap<>();
    private final Long2LongHashMap ipToMac = new Long2LongHashMap(0);
    private final Long2ObjectHashMap<long[]> provisionalIps = new Long2ObjectHashMap<>();
    private final Histogram globalRtt = new Histogram(1, 3_600_000_000_000L, 2);
    private final long[] dedupHash = new long[DEDUP_SLOTS];
    private final long[] dedupTime = new long[DEDUP_SLOTS];

    private long events;
    private long applicationEvents;
    private long noiseEvents;
    private long duplicates;
    private long malformed;
    private long tcpEvents;
    private long bytes;
    private long firstNs = Long.MAX_VALUE;
    private long lastNs = Long.MIN_VALUE;

    /**
     * @param config parameters; {@link InferenceConfig#conclude()} is called if it was not.
     */
    public InferenceEngine(final InferenceConfig config)
    {
        this.config = config.isConcluded() ? config : config.conclude();
        for (final int port : config.ignoredPorts())
        {
            ignoredPort[port] = true;
        }
        for (final int port : config.controlPorts())
        {
            ignoredPort[port] = true;
        }
        for (final int type : config.ignoredEtherTypes())
        {
            ignoredEtherType[type] = true;
        }
        recent = new MultiResolutionMatrix(config.multiResolutionLevels());
        changeDetector = new ChangeDetector(config.alpha(), config.changeStartBytesPerSecond(),
            config.changeStopBytesPerSecond(), config.detectionWindowSeconds(), config.persistSeconds());
    }

    public InferenceConfig config()
    {
        return config;
    }

    /**
     * Poll a source until it is exhausted.
     *
     * @param source events.
     * @return number of events consumed.
     */
    public long consume(final EventSource source)
    {
        long count = 0;
        while (!source.isExhausted())
        {
            count += source.poll(this, 4096);
        }
        return count;
    }

    /** Events seen so far (for progress). */
    public long events()
    {
        return events;
    }

    /** The live application traffic matrix of this observer (for the global reduction). */
    public TrafficMatrix localMatrix()
    {
        return matrix;
    }

    /**
     * Add another observer's matrix (global reduction): the result's matrix, denoising and topology use the sum.
     *
     * @param other matrix from another observer.
     */
    public void addObserverMatrix(final TrafficMatrix other)
    {
        observers.merge(other);
    }

    @Override
    public void onEvent(final EventRecord r)
    {
        events++;
        final int frameLength = r.frameLength();
        bytes += frameLength;
        final long timeNs = Math.max(r.timeNs(), lastNs == Long.MIN_VALUE ? r.timeNs() : lastNs);
        firstNs = Math.min(firstNs, timeNs);
        lastNs = timeNs;
        final int flags = r.flags();
        if ((flags & (EventRecord.FLAG_MALFORMED | EventRecord.FLAG_TRUNCATED)) != 0)
        {
            malformed++;
        }
        final long dstMacRaw = r.dstMac();
        final boolean isIp = (flags & (EventRecord.FLAG_IPV4 | EventRecord.FLAG_IPV6)) != 0;
        final boolean hasPorts = (flags & EventRecord.FLAG_L4) != 0;
        final int protocol = r.ipProtocol();
        if (ignoredEtherType[r.etherType()] ||
            (config.ignoreGroupAddressed() && (dstMacRaw & GROUP_BIT) != 0) ||
            (config.ignoreGroupAddressed() && isIp && isGroupIp(r)) ||
            (hasPorts && (protocol == IpProtocol.TCP || protocol == IpProtocol.UDP) &&
                (ignoredPort[r.srcPort()] || ignoredPort[r.dstPort()])))
        {
            noiseEvents++;
            return;
        }
        // IPv6 has no identification field: without TCP sequence numbers two equal datagrams could not be told apart
        if (isIp && config.dedupWindowNs() > 0 &&
            ((flags & EventRecord.FLAG_IPV4) != 0 || protocol == IpProtocol.TCP) && isDuplicate(r, timeNs))
        {
            duplicates++;
            return;
        }

        final long srcIpKey = isIp ? ipKey(r.srcIpHigh(), r.srcIpLow()) : 0;
        final long dstIpKey = isIp ? ipKey(r.dstIpHigh(), r.dstIpLow()) : 0;
        long src = r.srcMac();
        long dst = dstMacRaw;
        if (isIp && src != 0 && ipToMac.get(srcIpKey) != src)
        {
            ipToMac.put(srcIpKey, src);
        }
        if (src == 0)
        {
            src = isIp ? resolve(srcIpKey, r.srcIpHigh(), r.srcIpLow()) : 0;
        }
        if (dst == 0)
        {
            dst = isIp ? resolve(dstIpKey, r.dstIpHigh(), r.dstIpLow()) : 0;
        }
        if (src == 0 || dst == 0 || src == dst)
        {
            noiseEvents++;
            return;
        }
        applicationEvents++;

        final EndpointState sender = endpoint(src);
        final EndpointState receiver = endpoint(dst);
        if (isIp)
        {
            sender.addIp(r.srcIpHigh(), r.srcIpLow());
            receiver.addIp(r.dstIpHigh(), r.dstIpLow());
        }
        matrix.add(src, dst, frameLength, 1);
        if (recent.add(timeNs, src, dst, frameLength))
        {
            changeDetector.onSecond(recent.currentSecondStartNs(), recent);
        }

        final boolean tcp = isIp && hasPorts && protocol == IpProtocol.TCP;
        final int payload = isIp ? r.payloadLength() : Math.max(0, frameLength - 14);
        final boolean carriesPayload = tcp ? payload > 0 : payload > 0 || !isIp;
        // A TCP segment that carries only bytes already sent (a retransmission, often a spurious tail-loss probe)
        // starts no new exchange: it must not count as an iteration.
        // Nor does a segment that continues a message its sender is still writing (the window made it wait).
        boolean resent = false;
        boolean continuation = false;
        boolean answers = false;
        if (tcp && carriesPayload)
        {
            final PairState existing = pairs.get(pairKey(sender, receiver));
            final int flow = (r.srcPort() << 16) | r.dstPort();
            resent = existing != null && existing.isRetransmission(flow, r.seq(),
                payload + ((r.tcpFlags() & Tcp.FIN) != 0 ? 1 : 0));
            continuation = existing != null && !resent && existing.continuesMessage(flow);
            answers = existing != null && !resent && existing.answers(flow, r.ack());
        }
        sender.onSend(carriesPayload ? EventKind.SP : EventKind.SA, timeNs, dst, frameLength, resent, continuation,
            answers);
        receiver.onReceive(carriesPayload ? EventKind.RP : EventKind.RA, timeNs, src, frameLength);

        if (!tcp && !carriesPayload)
        {
            return;
        }
        final int tcpFlags = tcp ? r.tcpFlags() : 0;
        final int ports = tcp ? (r.srcPort() << 16) | r.dstPort() : 0;
        if (tcp)
        {
            tcpEvents++;
        }
        final boolean syn = (tcpFlags & Tcp.SYN) != 0;
        final int seqSpace = tcp ? payload + (syn ? 1 : 0) + ((tcpFlags & Tcp.FIN) != 0 ? 1 : 0) : 0;
        if (carriesPayload || seqSpace > 0)
        {
            pair(sender, receiver).onData(timeNs, carriesPayload ? Math.max(payload, 1) : 0, tcp, ports,
                tcp ? r.seq() : 0, seqSpace, syn, (tcpFlags & Tcp.PSH) != 0, tcp ? frameLength : 0);
        }
        else
        {
            final PairState own = pairs.get(pairKey(sender, receiver));
            if (own != null)
            {
                own.onHeaders(ports, frameLength - payload);
            }
        }
        if (tcp && (tcpFlags & Tcp.ACK) != 0)
        {
            final PairState reverse = pairs.get(pairKey(receiver, sender));
            if (reverse != null)
            {
                final long sample = reverse.onAck(timeNs, (r.dstPort() << 16) | r.srcPort(), r.ack());
                if (sample > 0)
                {
                    final long value = Math.min(sample, receiver.rtt.getHighestTrackableValue());
                    receiver.rtt.recordValue(value);
                    globalRtt.recordValue(value);
                }
            }
        }
    }

    private static boolean isGroupIp(final EventRecord r)
    {
        final long high = r.dstIpHigh();
        final long low = r.dstIpLow();
        if (IpAddress.isV4Mapped(high, low))
        {
            final int first = (int)((low >>> 24) & 0xFF);
            return first >= 224 || (low & 0xFFFF_FFFFL) == 0xFFFF_FFFFL;
        }
        return (high >>> 56) == 0xFF;
    }

    private boolean isDuplicate(final EventRecord r, final long timeNs)
    {
        long h = r.srcIpLow() * 0x9E37_79B9_7F4A_7C15L;
        h = (h ^ r.dstIpLow()) * 0xBF58_476D_1CE4_E5B9L;
        h = (h ^ (r.srcIpHigh() * 31 + r.dstIpHigh())) * 0x94D0_49BB_1331_11EBL;
        h = (h ^ (((long)r.srcPort() << 48) | ((long)r.dstPort() << 32) | (r.ipId() & 0xFFFF_FFFFL))) *
            0x9E37_79B9_7F4A_7C15L;
        h = (h ^ (((long)r.seq() << 32) | (r.ack() & 0xFFFF_FFFFL))) * 0xBF58_476D_1CE4_E5B9L;
        h = (h ^ (((long)r.payloadLength() << 16) | ((long)r.ipProtocol() << 8) | r.tcpFlags())) *
            0x94D0_49BB_1331_11EBL;
        h ^= h >>> 31;
        if (h == 0)
        {
            h = 1;
        }
        final int slot = (int)(h & (DEDUP_SLOTS - 1));
        if (dedupHash[slot] == h && timeNs - dedupTime[slot] <= config.dedupWindowNs())
        {
            return true;
        }
        dedupHash[slot] = h;
        dedupTime[slot] = timeNs;
        return false;
    }

    private static long ipKey(final long high, final long low)
    {
        if (IpAddress.isV4Mapped(high, low))
        {
            return low;
        }
        long h = high * 0x9E37_79B9_7F4A_7C15L ^ low;
        h ^= h >>> 29;
        return h == 0 ? 1 : h;
    }

    private long resolve(final long ipKey, final long high, final long low)
    {
        final long mac = ipToMac.get(ipKey);
        if (mac != 0)
        {
            return mac;
        }
        final long provisional = PROVISIONAL_BIT | (ipKey & 0x7FFF_FFFF_FFFF_FFFFL);
        if (!provisionalIps.containsKey(provisional))
        {
            provisionalIps.put(provisional, new long[]{ high, low, ipKey });
        }
        return provisional;
    }

    private EndpointState endpoint(final long key)
    {
        EndpointState state = endpoints.get(key);
        if (state == null)
        {
            state = new EndpointState(key, endpoints.size(), config.bicMaxGapNs(), config.maxRirCandidates());
            endpoints.put(key, state);
        }
        return state;
    }

    private static long pairKey(final EndpointState a, final EndpointState b)
    {
        return ((long)a.index << 32) | (b.index & 0xFFFF_FFFFL);
    }

    private PairState pair(final EndpointState sender, final EndpointState receiver)
    {
        final long key = pairKey(sender, receiver);
        PairState state = pairs.get(key);
        if (state == null)
        {
            state = new PairState(sender, receiver, config.messageGapNs(), config.minTrainFrames());
            pairs.put(key, state);
            final PairState reverse = pairs.get(pairKey(receiver, sender));
            if (reverse != null)
            {
                state.reverse = reverse;
                reverse.reverse = state;
            }
        }
        return state;
    }

    /**
     * Compute the analysis of everything consumed so far; may be called repeatedly while events keep arriving
     * (open messages are included without being closed; packet trains count once they are complete).
     *
     * @return an immutable result.
     */
    public AnalysisResult result()
    {
        final Map<Long, Long> folds = provisionalFolds();
        final TrafficMatrix global = globalMatrix(folds);
        final TrafficMatrix denoised = global.denoise(config.alpha());
        final Topology topology = TopologyClassifier.classify(denoised);
        final List<EndpointState> analysed = analysedEndpoints(folds, topology);
        final Map<Long, RirResult> rir = RirEstimates.compute(analysed, globalRtt, changeDetector.intervals(), config);
        final BicReport bic = BicReport.of(analysed, pairs.values(), folds, config);
        final PairReport pairReport = PairReport.of(pairs.values(), folds, config);
        final Map<Integer, List<TrafficMatrix.Entry>> recentMatrices = new LinkedHashMap<>();
        for (int seconds = 1; seconds <= recent.maxSeconds(); seconds <<= 1)
        {
            recentMatrices.put(seconds, recent.lastSeconds(seconds).entries());
        }
        final AnalysisResult.Summary summary = new AnalysisResult.Summary(events, applicationEvents, noiseEvents,
            duplicates, malformed, tcpEvents, bytes, events == 0 ? 0 : firstNs, events == 0 ? 0 : lastNs,
            events == 0 ? 0 : (lastNs - firstNs) / 1e9, notes(topology));
        return new AnalysisResult(summary, EndpointReport.of(endpoints.values(), folds), global.entries(),
            denoised.entries(), topology, List.copyOf(changeDetector.changes()),
            List.copyOf(changeDetector.intervals()), recentMatrices, rir, bic.byEndpoint(), bic.summary(),
            pairReport.times(), pairReport.paths());
    }

    /** Provisional (IP-keyed) endpoints whose address was later seen with a MAC: provisional key to MAC. */
    private Map<Long, Long> provisionalFolds()
    {
        final Map<Long, Long> folds = new TreeMap<>();
        for (final Map.Entry<Long, long[]> e : provisionalIps.entrySet())
        {
            final long mac = ipToMac.get(e.getValue()[2]);
            if (mac != 0)
            {
                folds.put(e.getKey(), mac);
            }
        }
        return folds;
    }

    /** This host's matrix merged with the observers', provisional endpoints folded into their MACs. */
    private TrafficMatrix globalMatrix(final Map<Long, Long> folds)
    {
        TrafficMatrix global = matrix.copy();
        global.merge(observers);
        for (final Map.Entry<Long, Long> fold : folds.entrySet())
        {
            global = global.renamed(fold.getKey(), fold.getValue());
        }
        return global;
    }

    /** Why the result may say little: missing data and the topology's note. */
    private List<String> notes(final Topology topology)
    {
        final List<String> notes = new ArrayList<>();
        if (events == 0)
        {
            notes.add("not enough data: no packets");
        }
        else if (applicationEvents == 0)
        {
            notes.add("not enough data: no application traffic (all " + events +
                " frames were filtered as noise or had no usable addresses)");
        }
        else if (tcpEvents == 0)
        {
            notes.add("no TCP traffic: RTT, RIR and latency need TCP data/ACK pairs" +
                (config.fallbackRttNs() > 0 ? " (RIR uses the configured fallback RTT)" : ""));
        }
        if (!topology.note().isEmpty())
        {
            notes.add("topology: " + topology.note());
        }
        return List.copyOf(notes);
    }

    /**
     * Endpoints that get RIR and BIC: the application's nodes when the topology found two or more, else every
     * endpoint with enough frames; folded provisional endpoints excluded; sorted by key.
     */
    private List<EndpointState> analysedEndpoints(final Map<Long, Long> folds, final Topology topology)
    {
        final Set<Long> application = new HashSet<>(topology.nodes());
        final List<EndpointState> analysed = new ArrayList<>();
        for (final EndpointState s : endpoints.values())
        {
            if (!folds.containsKey(s.key) && (application.size() >= 2 ? application.contains(s.key) :
                s.framesSent + s.framesReceived >= config.minEndpointEvents()))
            {
                analysed.add(s);
            }
        }
        analysed.sort(Comparator.comparingLong(s -> s.key));
        return analysed;
    }

    /**
     * Name of an endpoint key for reports: its MAC, or "ip:ADDRESS" for a provisional endpoint.
     *
     * @param key  endpoint key.
     * @param ips  its addresses (the first is used for provisional endpoints).
     * @return the name.
     */
    public static String endpointName(final long key, final List<String> ips)
    {
        if ((key & PROVISIONAL_BIT) != 0)
        {
            return "ip:" + (ips.isEmpty() ? Long.toHexString(key) : ips.get(0));
        }
        return Mac.format(key);
    }
}
