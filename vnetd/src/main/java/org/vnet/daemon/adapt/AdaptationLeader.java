package org.vnet.daemon.adapt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.control.CommandException;
import org.vnet.daemon.control.DaemonControl;
import org.vnet.daemon.inference.GlobalView;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.inference.packet.Mac;
import org.vnet.inference.engine.AnalysisResult;
import org.vnet.protocol.Replies;
import org.vnet.protocol.Requests;

/**
 * The adaptation leader's rounds: read the global view, update the host-pair rates, let the
 * policy decide (when the loop is on, or once on request), and send every follower the whole set
 * of fast-path links it should have. Followers are the daemons whose reports arrive on one of this
 * daemon's links; a peer's address for a directive is this daemon's own link to it. Runs on the
 * adaptation thread only.
 */
final class AdaptationLeader {
    private static final Logger LOG = LoggerFactory.getLogger(AdaptationLeader.class);
    private static final int KEPT_DECISIONS = 200;

    /** A follower as last heard. */
    private static final class Follower {
        final String link;
        Messages.Report report;
        long heardMillis;
        Messages.Directive sent;

        Follower(final String link) {
            this.link = link;
        }
    }

    private final String self;
    private final AdaptationConfig config;
    private final DaemonControl control;
    private final Sender sender;
    private final AdaptationPolicy policy;
    private final PairRates rates;
    private final Map<String, Follower> followers = new TreeMap<>();
    private final ArrayDeque<Decision> decisions = new ArrayDeque<>();
    private boolean enabled;
    private long rounds;
    private long epoch;
    private String error;

    AdaptationLeader(final String self, final AdaptationConfig config, final DaemonControl control, final Sender sender) {
        this.self = self;
        this.config = config;
        this.control = control;
        this.sender = sender;
        this.policy = new AdaptationPolicy(config);
        this.rates = new PairRates(config.windowMillis());
        this.enabled = config.enabled();
    }

    void enabled(final boolean on) {
        if (on != enabled) {
            LOG.info("adaptation: loop {}", on ? "on" : "off");
        }
        enabled = on;
    }

    boolean enabled() {
        return enabled;
    }

    /** A follower's report arrived on {@code link}. */
    void onReport(final String link, final byte[] payload, final long nowMillis) {
        final Messages.Report r;
        try {
            r = Messages.report(payload);
        } catch (final IllegalArgumentException e) {
            error = "bad report on link " + link + ": " + e.getMessage();
            return;
        }
        final Follower f = followers.computeIfAbsent(r.daemon(), name -> new Follower(link));
        final boolean first = f.report == null;
        f.report = r;
        f.heardMillis = nowMillis;
        if (first) {
            for (final String peer : r.links()) {
                final HostPair pair = HostPair.of(r.daemon(), peer);
                if (!policy.holds(pair) && !peer.equals(self)) {
                    keep(policy.adopt(pair, nowMillis));
                }
            }
        }
        if (r.error() != null) {
            for (final AdaptationPolicy.Link l : policy.links()) {
                if (l.pair().has(r.daemon()) && !r.links().contains(l.pair().other(r.daemon()))) {
                    keep(policy.failed(l.pair(), r.daemon() + ": " + r.error(), nowMillis));
                }
            }
        }
    }

    /**
     * One round: sample, decide if {@code decide}, send directives.
     *
     * @throws CommandException when the global view cannot be read (inference off or not answering)
     */
    void round(final long nowMillis, final boolean decide) throws CommandException {
        final GlobalView.Result view = control.globalView();
        rates.sample(nowMillis, view.matrix(), view.hosts());
        final Set<String> eligible = new HashSet<>();
        final Set<HostPair> pinned = new HashSet<>();
        for (final Map.Entry<String, Follower> e : followers.entrySet()) {
            final Follower f = e.getValue();
            if (heardLately(f, nowMillis) && addressOf(e.getKey()) != null) {
                eligible.add(e.getKey());
                f.report.operatorLinks().forEach(peer -> {
                    if (!peer.equals(e.getKey())) {
                        pinned.add(HostPair.of(e.getKey(), peer));
                    }
                });
            }
        }
        if (decide) {
            rounds++;
            for (final Decision d : policy.round(nowMillis, rates.rates(), pinned, eligible)) {
                keep(d.action() == Decision.Action.ADD ? withHeaviestVmPair(d) : d);
            }
        }
        for (final AdaptationPolicy.Link l : policy.links()) {
            if (bothHave(l.pair())) {
                policy.confirmed(l.pair());
            }
        }
        send(eligible);
    }

    private void send(final Set<String> eligible) {
        final Map<String, List<Messages.FastLink>> wanted = new HashMap<>();
        final Map<String, List<Long>> vms = rates.vmsByHost();
        for (final AdaptationPolicy.Link l : policy.links()) {
            for (final String end : List.of(l.pair().a(), l.pair().b())) {
                final String peer = l.pair().other(end);
                final LinkSpec toPeer = addressOf(peer);
                if (toPeer == null) {
                    continue;
                }
                final boolean stream = toPeer.transport() == Transport.TCP || toPeer.transport() == Transport.TLS;
                final List<String> macs = vms.getOrDefault(peer, List.of()).stream().map(Mac::format).toList();
                wanted.computeIfAbsent(end, k -> new ArrayList<>()).add(new Messages.FastLink(peer,
                    toPeer.transport().label(), LinkSpec.formatAddress(toPeer.peer()), stream && end.compareTo(peer) < 0, macs));
            }
        }
        final Map<String, Messages.Directive> next = new LinkedHashMap<>();
        boolean changed = false;
        for (final String name : eligible) {
            final Follower f = followers.get(name);
            final List<Messages.FastLink> links = wanted.getOrDefault(name, List.of());
            changed |= f.sent == null || !f.sent.links().equals(links);
            next.put(name, new Messages.Directive(self, 0, links));
        }
        if (changed) {
            epoch++;
        }
        next.forEach((name, d) -> {
            final Follower f = followers.get(name);
            final Messages.Directive stamped = f.sent != null && f.sent.links().equals(d.links()) ? f.sent
                : new Messages.Directive(self, epoch, d.links());
            f.sent = stamped;
            sender.send(f.link, FrameHeader.TYPE_ADAPT, Messages.encode(stamped));
        });
    }

    /** The decision with the matrix entry behind it: the VM pair of its two hosts that sent most in the window. */
    private Decision withHeaviestVmPair(final Decision d) {
        long src = 0;
        long dst = 0;
        double best = 0;
        for (final Map.Entry<Long, Map<Long, Double>> row : rates.vmRates().entrySet()) {
            for (final Map.Entry<Long, Double> cell : row.getValue().entrySet()) {
                final String hs = rates.hostOf(row.getKey());
                final String hd = rates.hostOf(cell.getKey());
                if (hs != null && hd != null && !hs.equals(hd) && HostPair.of(hs, hd).equals(d.pair()) && cell.getValue() > best) {
                    best = cell.getValue();
                    src = row.getKey();
                    dst = cell.getKey();
                }
            }
        }
        return best == 0 ? d : new Decision(d.atMillis(), d.action(), d.pair(), d.bytesPerSecond(), d.reason()
            + "; heaviest matrix entry " + Mac.format(src) + " -> " + Mac.format(dst) + " at " + Rates.format(best));
    }

    /** Whether {@code f} reported within five periods (at least 10 s: followers report every summary period). */
    private boolean heardLately(final Follower f, final long nowMillis) {
        return nowMillis - f.heardMillis <= 5 * Math.max(config.periodMillis(), 2_000);
    }

    /** Whether both followers of {@code pair} last reported having its link. */
    private boolean bothHave(final HostPair pair) {
        final Follower fa = followers.get(pair.a());
        final Follower fb = followers.get(pair.b());
        return fa != null && fb != null && fa.report != null && fb.report != null
            && fa.report.links().contains(pair.b()) && fb.report.links().contains(pair.a());
    }

    /** This daemon's own link to {@code host} (the link its reports arrive on), or null. */
    private LinkSpec addressOf(final String host) {
        final Follower f = followers.get(host);
        return f == null ? null : control.state().links().get(f.link);
    }

    private void keep(final Decision d) {
        LOG.info("adaptation: {} {} ({})", d.action().name().toLowerCase(java.util.Locale.ROOT), d.pair(), d.reason());
        decisions.addLast(d);
        while (decisions.size() > KEPT_DECISIONS) {
            decisions.removeFirst();
        }
    }

    /** The mapping optimiser on the rates of the last window (see {@link Planner}). */
    Replies.Plan plan(final Requests.Plan request, final long nowMillis) throws CommandException {
        AnalysisResult analysis;
        try {
            analysis = control.analysis();
        } catch (final CommandException e) {
            analysis = null;
        }
        final Set<String> hosts = new HashSet<>();
        hosts.add(self);
        followers.forEach((name, f) -> {
            if (heardLately(f, nowMillis)) {
                hosts.add(name);
            }
        });
        try {
            return Planner.plan(request, config, rates, hosts, analysis);
        } catch (final IllegalArgumentException e) {
            throw new CommandException("plan: " + e.getMessage());
        }
    }

    String error() {
        return error;
    }

    void error(final String why) {
        error = why;
    }

    /** The status reply. */
    Replies.Adapt status(final long nowMillis) {
        final List<Replies.AdaptLink> links = new ArrayList<>();
        for (final AdaptationPolicy.Link l : policy.links()) {
            links.add(new Replies.AdaptLink(l.pair().a(), l.pair().b(), l.bytesPerSecond(), l.sinceMillis(), bothHave(l.pair())));
        }
        final List<Replies.AdaptDecision> ds = decisions.stream().map(d -> new Replies.AdaptDecision(d.atMillis(),
            d.action().name().toLowerCase(java.util.Locale.ROOT), d.pair().a(), d.pair().b(), d.bytesPerSecond(), d.reason()))
            .toList();
        final List<Replies.AdaptFollower> fs = new ArrayList<>();
        followers.forEach((name, f) -> fs.add(new Replies.AdaptFollower(name, f.link, f.report.epoch(), f.report.links(),
            f.report.error(), nowMillis - f.heardMillis)));
        final Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("addBytesPerSecond", config.addBytesPerSecond());
        settings.put("removeBytesPerSecond", config.removeBytesPerSecond());
        settings.put("dwellMillis", config.dwellMillis());
        settings.put("linksPerHost", config.linksPerHost());
        settings.put("addsPerRound", config.addsPerRound());
        settings.put("periodMillis", config.periodMillis());
        settings.put("windowMillis", config.windowMillis());
        return new Replies.Adapt("leader", enabled, null, rounds, epoch, links, ds, fs, error, settings);
    }
}
