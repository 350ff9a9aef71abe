package org.vnet.daemon.conductor;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoOps;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.control.CommandException;
import org.vnet.daemon.control.DaemonControl;
import org.vnet.protocol.DaemonStatus;
import org.vnet.protocol.StatsSnapshot;
import org.vnet.daemon.datapath.KernelDataPath;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.daemon.wire.KernelOffer;
import org.vnet.daemon.control.AdaptControl;
import org.vnet.daemon.inference.GlobalView;
import org.vnet.daemon.inference.Summary;
import org.vnet.daemon.inference.InferenceAgent;
import org.vnet.daemon.link.LinkPort;
import org.vnet.daemon.link.Links;
import org.vnet.daemon.privilege.Privileges;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.PortSecurity;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.tap.TapPolicy;
import org.vnet.daemon.tap.TapPort;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.nativeio.NativeLibrary;
import org.vnet.nativeio.TapDevice;
import org.vnet.nativeio.TapOptions;
import org.vnet.inference.engine.AnalysisResult;
import org.vnet.inference.packet.Mac;

/**
 * The single writer of interfaces, links and rules. A change is computed on the caller's thread
 * (validation), the fallible steps (opening TAPs) are done first, then the data plane is changed in
 * one task on its event loop (ports added or removed, a new forwarding table), and the new state is
 * persisted; if persisting fails the change is undone. One change at a time.
 * <p>
 * A change of rules or links may also be applied on the data-plane loop itself ({@link #tryApply}),
 * when nothing else is changing: the control socket's connections are served by that loop, so such
 * a change is decoded, applied, journaled and answered in one task, without a thread hand-off.
 * The loop never waits for the conductor's lock: when another thread holds it, or interfaces change
 * (opening a TAP stays off the data plane), {@link #tryApply} declines and the caller applies the
 * change from another thread with {@link #apply}.
 * <p>
 * Over 500 lines on purpose: the change protocol (apply, tryApply, transition, undo), the kernel
 * data path's sync after each change and the offers all work on the port maps only the loop
 * changes; kept in one class, those maps never leave it.
 */
public final class Conductor implements DaemonControl {
    private static final Logger LOG = LoggerFactory.getLogger(Conductor.class);
    private static final long LOOP_TIMEOUT_SECONDS = 10;

    /** Saves a state; throws to refuse the change. */
    @FunctionalInterface
    public interface Persister {
        /** Persists {@code state}: once this returns it survives a crash (SIGKILL) of the daemon. */
        void save(NetworkState state) throws Exception;
    }

    private final String name;
    private final boolean hub;
    private final IoEventLoop loop;
    private final Switch sw;
    private final Links links;
    private final Telemetry telemetry;
    private final Persister persister;
    private final int defaultTapMtu;
    private final TapPolicy tapPolicy;
    private final String transport;
    private final long startMillis = System.currentTimeMillis();
    /** The forwarding table's compiler: data-plane loop only. */
    private final RuleCompiler rules = new RuleCompiler();

    /** Held by the one change in progress. */
    private final ReentrantLock lock = new ReentrantLock();
    private final BitSet usedIds = new BitSet();
    private final Map<String, TapPort> taps = new HashMap<>();
    private final Map<String, LinkPort> linkPorts = new HashMap<>();
    private volatile NetworkState state = NetworkState.EMPTY;
    /** The ports and counters that carry {@link #state}: published by the loop with it, read by status and stats. */
    private volatile PortsView view = PortsView.EMPTY;
    /** Changes handed to the loop, with their time limit. */
    private final LoopChanges changes = new LoopChanges(TimeUnit.SECONDS.toMillis(LOOP_TIMEOUT_SECONDS));
    /** Run on the loop as each change starts there: lets tests hold a change mid-way. */
    private volatile Runnable changeStarting = () -> { };
    private volatile InferenceAgent inference;
    private volatile AdaptControl adaptation;
    private volatile long[] localMacs = new long[0];
    private final long[] offeredScratch = new long[Summary.MAX_LOCAL_MACS];
    private final KernelDataPath kernel;
    private final String kernelReason;
    private final boolean kernelEvents;
    private final Map<String, String> dataPaths = new java.util.concurrent.ConcurrentHashMap<>();
    private final long[] offerMacs = new long[KernelOffer.MAX_MACS];
    private final long[] offeredMacs = new long[KernelOffer.MAX_MACS];
    private int offered = -1;
    private int ticks;

    /**
     * @param name          daemon name
     * @param hub           whether the daemon forwards link to link
     * @param loop          the data-plane event loop
     * @param sw            the switch on that loop
     * @param links         the links on that loop
     * @param telemetry     daemon counters
     * @param persister     where accepted states are saved
     * @param defaultTapMtu MTU of TAPs whose spec gives none
     * @param tapPolicy     how TAPs are opened and which offloads they take
     */
    public Conductor(final String name, final boolean hub, final IoEventLoop loop, final Switch sw, final Links links,
                     final Telemetry telemetry, final Persister persister, final int defaultTapMtu,
                     final TapPolicy tapPolicy) {
        this(name, hub, loop, sw, links, telemetry, persister, defaultTapMtu, tapPolicy, null, null, false);
    }

    /**
     * As the other constructor, with a kernel data path.
     *
     * @param kernel       the kernel data path, or null when frames are switched by the Java path only
     * @param kernelReason why there is no kernel data path (null when there is, or none was asked for)
     * @param kernelEvents whether the kernel programs emit inference events
     */
    public Conductor(final String name, final boolean hub, final IoEventLoop loop, final Switch sw, final Links links,
                     final Telemetry telemetry, final Persister persister, final int defaultTapMtu,
                     final TapPolicy tapPolicy, final KernelDataPath kernel, final String kernelReason,
                     final boolean kernelEvents) {
        this.tapPolicy = tapPolicy;
        this.kernel = kernel;
        this.kernelReason = kernelReason;
        this.kernelEvents = kernelEvents;
        this.name = name;
        this.hub = hub;
        this.loop = loop;
        this.sw = sw;
        this.links = links;
        this.telemetry = telemetry;
        this.persister = persister;
        this.defaultTapMtu = defaultTapMtu;
        this.transport = "epoll";
        loop.scheduleAtFixedRate(() -> sw.macs().sweep(System.currentTimeMillis()), 10, 10, TimeUnit.SECONDS);
        loop.scheduleAtFixedRate(this::publishLocalMacs, 1, 1, TimeUnit.SECONDS);
        if (kernel != null) {
            loop.scheduleAtFixedRate(this::kernelTick, 100, 100, TimeUnit.MILLISECONDS);
        }
    }

    /** Brings the data plane to {@code initial} (from the config or the state file) and persists it. */
    public void start(final NetworkState initial) throws CommandException {
        apply(s -> initial);
    }

    @Override
    public NetworkState state() {
        return state;
    }

    /** How long a change may wait for the data-plane loop before it is cancelled (tests shorten it). */
    void loopTimeout(final long millis) {
        changes.timeout(millis);
    }

    /** Sets what runs on the loop as each change starts there (tests hold a change mid-way with it). */
    void changeStarting(final Runnable hook) {
        changeStarting = hook;
    }

    @Override
    public NetworkState apply(final UnaryOperator<NetworkState> change) throws CommandException {
        if (loop.inEventLoop()) {
            final NetworkState now = tryApply(change);
            if (now == null) {
                throw new CommandException("this change cannot be applied on the data-plane loop now (it would wait for it)");
            }
            return now;
        }
        lock.lock();
        try {
            settleUnfinished();
            final NetworkState before = state;
            return commit(before, next(change, before));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies {@code change} here and now when called on the data-plane loop while no other change
     * is in progress or unfinished and the change leaves the interfaces alone; never waits.
     *
     * @return the new state, or null when the change was not applied (nothing was changed: apply
     *         it with {@link #apply} from another thread)
     * @throws CommandException as {@link #apply}
     */
    @Override
    public NetworkState tryApply(final UnaryOperator<NetworkState> change) throws CommandException {
        if (!loop.inEventLoop() || !lock.tryLock()) {
            return null;
        }
        try {
            if (changes.hasUnfinished()) {
                return null;
            }
            final NetworkState before = state;
            final NetworkState after = next(change, before);
            if (!after.interfaces().equals(before.interfaces())) {
                return null;
            }
            return commit(before, after);
        } finally {
            lock.unlock();
        }
    }

    private static NetworkState next(final UnaryOperator<NetworkState> change, final NetworkState before)
        throws CommandException {
        try {
            return Objects.requireNonNull(change.apply(before), "change returned no state");
        } catch (final IllegalArgumentException | IllegalStateException | NullPointerException e) {
            throw new CommandException(e.getMessage());
        }
    }

    /** Makes {@code after} effective and persists it, or undoes it; lock held. */
    private NetworkState commit(final NetworkState before, final NetworkState after) throws CommandException {
        transition(before, after);
        try {
            persister.save(after);
        } catch (final Exception e) {
            LOG.error("cannot persist state, undoing the change: {}", e.toString());
            try {
                transition(after, before);
            } catch (final CommandException undo) {
                LOG.error("undo failed too: {}", undo.getMessage());
            }
            throw new CommandException("cannot persist the state, change undone: " + e.getMessage(), e);
        }
        return after;
    }

    private void transition(final NetworkState from, final NetworkState to) throws CommandException {
        final List<InterfaceSpec> addIfs = new ArrayList<>();
        final List<String> removeIfs = new ArrayList<>();
        for (final InterfaceSpec s : to.interfaces().values()) {
            if (!s.equals(from.interfaces().get(s.name()))) {
                addIfs.add(s);
            }
        }
        for (final InterfaceSpec s : from.interfaces().values()) {
            if (!s.equals(to.interfaces().get(s.name()))) {
                removeIfs.add(s.name());
            }
        }
        final List<LinkSpec> addLinks = new ArrayList<>();
        final List<String> removeLinks = new ArrayList<>();
        final List<LinkSpec> rekeyLinks = new ArrayList<>();
        for (final LinkSpec s : to.links().values()) {
            final LinkSpec was = from.links().get(s.name());
            if (rekeyed(was, s)) {
                rekeyLinks.add(s);
            } else if (!s.equals(was)) {
                addLinks.add(s);
            }
        }
        for (final LinkSpec s : from.links().values()) {
            final LinkSpec now = to.links().get(s.name());
            if (!s.equals(now) && !rekeyed(s, now)) {
                removeLinks.add(s.name());
            }
        }

        for (final LinkSpec s : addLinks) {
            final String refusal = links.refusal(s);
            if (refusal != null) {
                throw new CommandException(refusal);
            }
        }
        // Fallible steps first, off the data plane: open the new TAPs.
        final List<TapDevice> opened = new ArrayList<>();
        try {
            for (final InterfaceSpec s : addIfs) {
                final TapDevice dev = TapDevice.open(new TapOptions().name(s.name()).netns(s.netns())
                    .mtu(s.mtu() == 0 ? defaultTapMtu : s.mtu()).up(true).vnetHeader(tapPolicy.vnetHeader()));
                opened.add(dev);
                tapPolicy.apply(dev);
            }
        } catch (final Exception e) {
            opened.forEach(TapDevice::close);
            throw new CommandException("cannot open interface: " + e.getMessage(), e);
        }

        if (kernel != null) {
            for (final String n : removeIfs) {
                kernel.detach(n);
            }
        }
        removeIfs.forEach(dataPaths::remove);

        onLoop(() -> {
            changeStarting.run();
            for (final String n : removeLinks) {
                final LinkPort p = linkPorts.remove(n);
                if (p != null) {
                    sw.removePort(p.id());
                    links.close(p);
                    usedIds.clear(p.id());
                }
            }
            for (final String n : removeIfs) {
                final TapPort p = taps.remove(n);
                if (p != null) {
                    sw.removePort(p.id());
                    p.close();
                    p.counters().close();
                    usedIds.clear(p.id());
                }
            }
            for (int i = 0; i < opened.size(); i++) {
                final TapDevice dev = opened.get(i);
                final int id = nextId();
                final TapPort p = new TapPort(id, dev, sw, telemetry.portCounters("if", dev.name()), telemetry);
                sw.addPort(p);
                sw.secure(id, addIfs.get(i).security(), System.currentTimeMillis());
                taps.put(dev.name(), p);
                final IoRegistration reg = loop.register(p).syncUninterruptibly().getNow();
                reg.submit(EpollIoOps.EPOLLIN);
                p.registration(reg);
            }
            for (final LinkSpec s : rekeyLinks) {
                final LinkPort p = linkPorts.get(s.name());
                if (p != null) {
                    links.rekey(p, s.key());
                }
            }
            for (final LinkSpec s : addLinks) {
                final int id = nextId();
                final LinkPort p = links.open(id, s);
                if (kernel != null) {
                    kernel.resetPort(id);
                }
                sw.addPort(p);
                linkPorts.put(s.name(), p);
            }
            // Ports keep their ids and a port a rule names cannot be removed, so the rules' entries
            // change only with the rules, or when a port is removed and added again (a new spec, a new id).
            final boolean renumbered = readded(removeIfs, to.interfaces()) || readded(removeLinks, to.links());
            if (renumbered || from.rules() != to.rules()) {
                sw.table(rules.compile(to, renumbered, this::portId, telemetry));
            }
            if (kernel != null) {
                kernelSync(!addLinks.isEmpty() || !removeLinks.isEmpty());
            }
            state = to;
            view = new PortsView(to, taps, linkPorts, rules.entries());
        }, () -> opened.forEach(TapDevice::close));
        // one line per port change (rule changes log nothing); on the loop when the change ran there
        for (final TapDevice dev : opened) {
            LOG.info("interface {} up (netns {}, mtu {}, mac {})", dev.name(), dev.netns() == null ? "-" : dev.netns(),
                dev.mtu(), Mac.format(dev.macAddress()));
        }
        for (final LinkSpec l : addLinks) {
            LOG.info("link {} added ({} to {})", l.name(), l.transport().label(), LinkSpec.formatAddress(l.peer()));
        }
        for (final LinkSpec l : rekeyLinks) {
            LOG.info("link {}: new pre-shared key (the link stays up)", l.name());
        }
        boolean attachedNow = false;
        for (final TapDevice dev : opened) {
            if (kernel == null) {
                dataPaths.put(dev.name(), kernelReason == null ? "java" : "java: " + kernelReason);
                continue;
            }
            final TapPort p = view.taps().get(dev.name());
            final String why = p == null ? "interface gone" : kernel.attach(dev.name(), dev.netns(), p.id(), dev.mtu(),
                kernelEvents);
            if (why == null) {
                kernel.resetPort(p.id());
                final PortSecurity security = to.interfaces().get(dev.name()).security();
                final int id = p.id();
                onLoop(() -> kernel.guard(id, security, sw.macs().pinnedMac(id)));
                attachedNow = true;
                dataPaths.put(dev.name(), "kernel");
            } else {
                LOG.warn("interface {} stays on the Java path: {}", dev.name(), why);
                dataPaths.put(dev.name(), "java: " + why);
            }
        }
        if (attachedNow) {
            onLoop(() -> kernelSync(true));
        }
    }

    /** Whether sealed link {@code was} became {@code now} by a new key alone (applied without reopening it). */
    private static boolean rekeyed(final LinkSpec was, final LinkSpec now) {
        return was != null && now != null && was.sealed() && now.sealed() && !was.key().equals(now.key())
            && was.withKey(now.key()).equals(now);
    }

    private static boolean readded(final List<String> removed, final Map<String, ?> now) {
        for (int i = 0; i < removed.size(); i++) {
            if (now.containsKey(removed.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** Fills {@code offerMacs} with the MACs to offer now, sorted; returns how many. */
    private int offerCount(final long now) {
        final int port = kernel.attachedPort();
        if (port < 0 || hub) {
            return 0;
        }
        final int n = sw.macs().learnedOn(port, offerMacs, now);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (sw.deliversFromLinks(offerMacs[i], port)) {
                offerMacs[kept++] = offerMacs[i];
            }
        }
        java.util.Arrays.sort(offerMacs, 0, kept);
        return kept;
    }

    /** Flows flushed, peers admitted when links changed, offers sent: after every change, on the data plane. */
    private void kernelSync(final boolean linksChanged) {
        kernel.flush();
        if (linksChanged) {
            kernel.peers(List.copyOf(linkPorts.values()));
        }
        sendOffers(offerCount(System.currentTimeMillis()));
    }

    /**
     * Every 100 ms on the data plane: a new offer when the MACs offered changed; every second, MACs
     * learned from the kernel's counters, flows revalidated and the offer repeated.
     */
    private void kernelTick() {
        final long now = System.currentTimeMillis();
        final boolean second = ++ticks % 10 == 0;
        if (second) {
            kernel.learn(sw, now);
            kernel.revalidate(sw, now);
        }
        final int n = offerCount(now);
        if (second || n != offered || !java.util.Arrays.equals(offerMacs, 0, n, offeredMacs, 0, n)) {
            sendOffers(n);
        }
    }

    /**
     * Tells every UDP link's peer which of this host's MACs its VXLAN may reach: the first {@code n}
     * of {@code offerMacs} ({@link #offerCount}); a negative {@code n} declines everything (stopping).
     */
    private void sendOffers(final int n) {
        final boolean accept = n >= 0 && kernel.attachedPort() >= 0 && !hub;
        offered = Math.max(0, n);
        System.arraycopy(offerMacs, 0, offeredMacs, 0, offered);
        final byte[] payload = KernelOffer.encode(accept, kernel.config().vxlanPort(), kernel.config().vni(), offerMacs,
            offered);
        for (final LinkPort p : linkPorts.values()) {
            // a sealed link's frames never take the kernel's plain VXLAN: it offers nothing
            if (p.spec().transport() == org.vnet.daemon.model.Transport.UDP && !p.spec().sealed()) {
                p.sendControl(FrameHeader.TYPE_KERNEL_OFFER, payload);
            }
        }
    }

    private int portId(final PortRef ref) {
        if (ref.kind() == PortRef.Kind.INTERFACE) {
            return taps.get(ref.name()).id();
        }
        return linkPorts.get(ref.name()).id();
    }

    private int nextId() {
        final int id = usedIds.nextClearBit(0);
        if (id >= Switch.maxPorts()) {
            throw new IllegalStateException("too many ports (max " + Switch.maxPorts() + ")");
        }
        usedIds.set(id);
        return id;
    }

    private void onLoop(final Runnable task) throws CommandException {
        onLoop(task, () -> { });
    }

    /**
     * On the loop, within the time limit: cancelled (then {@code cancelled} runs) or finished
     * ({@link LoopChanges}); run at once when called on the loop ({@link #tryApply}).
     */
    private void onLoop(final Runnable task, final Runnable cancelled) throws CommandException {
        if (loop.inEventLoop()) {
            try {
                task.run();
            } catch (final RuntimeException e) {
                throw new CommandException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
            }
            return;
        }
        changes.run(loop, task, cancelled);
    }

    /**
     * Before a new change: waits for a change that outlived its caller's wait, and persists the
     * state it reached (its caller was refused before persisting).
     */
    private void settleUnfinished() throws CommandException {
        if (!changes.awaitUnfinished()) {
            return;
        }
        try {
            persister.save(state);
        } catch (final Exception e) {
            throw new CommandException("cannot persist the state reached by an earlier change: " + e.getMessage(), e);
        }
        changes.settled();
    }

    /** Served from the view the loop published; never waits for a change. */
    @Override
    public DaemonStatus status() {
        final PortsView v = view;
        final NetworkState s = v.state();
        final String tapIo = NativeLibrary.isAvailable() ? "native"
            : "jna (native unavailable: " + NativeLibrary.unavailabilityCause() + ")";
        final String dataPath = kernel != null ? "kernel (eBPF tc + VXLAN port " + kernel.config().vxlanPort() + ", vni "
            + kernel.config().vni() + ", maps in " + kernel.pinDir() + ")"
            : "java" + (kernelReason == null ? "" : " (" + kernelReason + ")");
        final String degraded = changes.degraded();
        return new DaemonStatus(name, hub, System.currentTimeMillis() - startMillis, tapIo, transport,
            s.interfaces().size(), s.links().size(), v.linksUp(), s.rules().size(), dataPath, Map.copyOf(dataPaths), degraded,
            privileges());
    }

    private static String privileges() {
        try {
            return Privileges.current().describe();
        } catch (final java.io.IOException e) {
            return null;
        }
    }

    /** Served from the view the loop published (the counters themselves are read live); never waits for a change. */
    @Override
    public StatsSnapshot stats() {
        return StatsReader.read(view, telemetry, kernel);
    }

    /** The MACs learned on this daemon's interfaces, as the loop last published them (every second). */
    public long[] localMacs() {
        return localMacs;
    }

    private void publishLocalMacs() {
        final long now = System.currentTimeMillis();
        final long[] found = new long[Summary.MAX_LOCAL_MACS];
        int n = 0;
        for (final TapPort p : taps.values()) {
            final int got = sw.macs().learnedOn(p.id(), offeredScratch, now);
            for (int i = 0; i < got && n < found.length; i++) {
                found[n++] = offeredScratch[i];
            }
        }
        final long[] sorted = java.util.Arrays.copyOf(found, n);
        java.util.Arrays.sort(sorted);
        localMacs = sorted;
    }

    /** Sends a control message ({@code FrameHeader} type) to link {@code link} if it exists and is up (any thread). */
    public void sendControl(final String link, final int type, final byte[] payload) {
        loop.execute(() -> {
            final LinkPort p = linkPorts.get(link);
            if (p != null) {
                p.sendControl(type, payload);
            }
        });
    }

    /** Serves the {@code adapt.*} commands from {@code control}. */
    public void adaptation(final AdaptControl control) {
        this.adaptation = control;
    }

    @Override
    public AdaptControl adaptation() {
        return adaptation;
    }

    /** Sends a SUMMARY payload to every link that is up (from any thread; runs on the data plane). */
    public void broadcastSummary(final byte[] payload) {
        loop.execute(() -> {
            for (final LinkPort p : linkPorts.values()) {
                p.sendControl(org.vnet.daemon.wire.FrameHeader.TYPE_SUMMARY, payload);
            }
        });
    }

    @Override
    public GlobalView.Result globalView() throws CommandException {
        final InferenceAgent agent = inference;
        if (agent == null) {
            throw new CommandException("inference is not running in this daemon");
        }
        try {
            return agent.globalView().get(LOOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final ExecutionException e) {
            throw new CommandException("inference failed: " + e.getCause(), e.getCause());
        } catch (final TimeoutException e) {
            throw new CommandException("inference did not answer within " + LOOP_TIMEOUT_SECONDS + " s");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted");
        }
    }

    /** Serves {@link #analysis()} from {@code agent}. */
    public void inference(final InferenceAgent agent) {
        this.inference = agent;
    }

    @Override
    public AnalysisResult analysis() throws CommandException {
        final InferenceAgent agent = inference;
        if (agent == null) {
            throw new CommandException("inference is not running in this daemon");
        }
        try {
            return agent.analysis().get(LOOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final ExecutionException e) {
            throw new CommandException("inference failed: " + e.getCause(), e.getCause());
        } catch (final TimeoutException e) {
            throw new CommandException("inference did not answer within " + LOOP_TIMEOUT_SECONDS + " s");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted");
        }
    }

    /** Closes every port; the daemon is stopping. */
    public void close() {
        lock.lock();
        try {
            closePorts();
        } finally {
            lock.unlock();
        }
    }

    private void closePorts() {
        if (kernel != null) {
            // peers stop sending VXLAN before the receiver goes (else they would until the offer expires)
            try {
                onLoop(() -> sendOffers(-1));
            } catch (final CommandException e) {
                LOG.warn("telling peers the kernel receiver stops: {}", e.getMessage());
            }
            for (final String n : List.copyOf(taps.keySet())) {
                kernel.detach(n);
            }
        }
        try {
            onLoop(() -> {
                for (final LinkPort p : linkPorts.values()) {
                    sw.removePort(p.id());
                    links.close(p);
                }
                for (final TapPort p : taps.values()) {
                    sw.removePort(p.id());
                    p.close();
                }
                linkPorts.clear();
                taps.clear();
                view = new PortsView(state, taps, linkPorts, rules.entries());
            });
        } catch (final CommandException e) {
            LOG.warn("closing ports: {}", e.getMessage());
        }
    }
}
