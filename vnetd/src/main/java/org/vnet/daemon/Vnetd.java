package org.vnet.daemon;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.adapt.Adaptation;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.daemon.conductor.Conductor;
import org.vnet.daemon.config.DaemonConfig;
import org.vnet.daemon.control.CommandException;
import org.vnet.daemon.control.ControlServer;
import org.vnet.daemon.http.HttpConfig;
import org.vnet.daemon.http.HttpServer;
import org.vnet.daemon.metrics.DaemonCollector;
import org.vnet.daemon.metrics.MetricsRoute;
import org.vnet.daemon.datapath.DataPathConfig;
import org.vnet.daemon.datapath.KernelDataPath;
import org.vnet.daemon.datapath.KernelEvents;
import org.vnet.nativeio.bpf.BpfException;
import org.vnet.daemon.link.Links;
import org.vnet.daemon.loop.SpinThenBlockStrategy;
import org.vnet.daemon.link.TlsContexts;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.state.DurableState;
import org.vnet.daemon.state.StateException;
import org.vnet.daemon.switching.MacTable;
import org.vnet.daemon.switching.Switch;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.vnet.daemon.inference.GlobalView;
import org.vnet.daemon.journal.EventSink;
import org.vnet.daemon.journal.Journal;
import org.vnet.daemon.inference.InferenceAgent;
import org.vnet.daemon.telemetry.CountersFile;
import org.vnet.inference.event.EventRing;
import org.vnet.daemon.telemetry.MacPairCounters;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.inference.engine.InferenceConfig;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.tap.TapPolicy;
import org.vnet.nativeio.NativeLibrary;

/**
 * One running daemon: the data-plane event loop (TAPs and link sockets, one thread), the
 * conductor, the counters file and the control socket, started from a concluded {@link VnetdContext}.
 */
public final class Vnetd implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Vnetd.class);

    private final MultiThreadIoEventLoopGroup group;
    private final Telemetry telemetry;
    private final Links links;
    private final Conductor conductor;
    private final ControlServer control;
    private final AgentRunner inferenceRunner;
    private final Journal journal;
    private final KernelDataPath kernel;
    private final KernelEvents kernelEvents;
    private final VnetdContext ctx;
    private final DurableState durable;
    private final Adaptation adaptation;
    private final HttpServer http;

    private Vnetd(final VnetdContext ctx, final MultiThreadIoEventLoopGroup group, final Telemetry telemetry,
                  final Links links, final Conductor conductor, final ControlServer control,
                  final AgentRunner inferenceRunner, final Journal journal, final KernelDataPath kernel,
                  final KernelEvents kernelEvents, final DurableState durable, final Adaptation adaptation,
                  final HttpServer http) {
        this.ctx = ctx;
        this.http = http;
        this.adaptation = adaptation;
        this.durable = durable;
        this.kernel = kernel;
        this.kernelEvents = kernelEvents;
        this.inferenceRunner = inferenceRunner;
        this.journal = journal;
        this.group = group;
        this.telemetry = telemetry;
        this.links = links;
        this.conductor = conductor;
        this.control = control;
    }

    /**
     * Starts a daemon: binds listeners, restores the persisted state (or the config's), opens
     * interfaces and links, then opens the control socket.
     *
     * @param ctx the daemon's settings, concluded, with its configuration file's content
     * @throws IOException       when a listener, the counters file or the control socket cannot be made
     * @throws StateException    when the state file exists but cannot be read
     * @throws CommandException  when the initial interfaces/links/rules cannot be brought up
     * @throws IllegalArgumentException when {@code ctx} is not concluded or has no configuration
     */
    public static Vnetd start(final VnetdContext ctx) throws IOException, StateException, CommandException {
        if (!ctx.isConcluded() || ctx.config() == null) {
            throw new IllegalArgumentException("a daemon starts from a concluded context with a configuration");
        }
        final DaemonConfig config = ctx.config();
        if (!Epoll.isAvailable()) {
            throw new IOException("Netty epoll transport unavailable: " + Epoll.unavailabilityCause());
        }
        if (NativeLibrary.isAvailable()) {
            LOG.info("TAP I/O: native libvnetfwd");
        } else {
            LOG.warn("TAP I/O: pure-JNA fallback (native library unavailable: {})", NativeLibrary.unavailabilityCause());
        }
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("vnet-dataplane"),
            EpollIoHandler.newFactory(0, SpinThenBlockStrategy.factory(ctx.spinMicros() * 1_000L)));
        Telemetry telemetry = null;
        Links links = null;
        Conductor conductor = null;
        KernelDataPath kernel = null;
        KernelEvents kernelEvents = null;
        AgentRunner inferenceRunner = null;
        Journal journal = null;
        DurableState durable = null;
        Adaptation adaptation = null;
        try {
            final IoEventLoop loop = group.next();
            telemetry = new Telemetry(CountersFile.create(config.counters()));
            final Switch sw = new Switch(new MacTable(ctx.macAgeMillis(), ctx.macCapacity()), telemetry, ctx.hub());
            final TlsContexts tls = config.tls() == null ? null
                : new TlsContexts(config.tls().cert(), config.tls().key(), config.tls().ca(), ctx.sslProvider());
            if (tls != null) {
                LOG.info("TLS provider: {}", tls.describe());
                if (!tls.names().contains(ctx.name())) {
                    LOG.warn("tls.cert {} is issued for {}, not for this daemon's name '{}': peers refuse it on TLS links"
                        + " (tlsIdentityMismatches)", config.tls().cert(), tls.names(), ctx.name());
                }
            }
            links = new Links(loop, sw, telemetry, tls, ctx);
            if (config.listen().udp() != null) {
                links.listen(Transport.UDP, config.listen().udp());
            }
            if (config.listen().tcp() != null) {
                links.listen(Transport.TCP, config.listen().tcp());
            }
            if (config.listen().tls() != null) {
                links.listen(Transport.TLS, config.listen().tls());
            }
            durable = DurableState.open(config.state(), DurableState.Settings.DEFAULTS);
            final NetworkState initial = durable.loadedOrElse(config.initialState());
            String kernelReason = null;
            if (config.dataPath().mode() != DataPathConfig.Mode.JAVA) {
                try {
                    kernel = KernelDataPath.open(config.dataPath(), ctx.name(), ctx.underlayMtu());
                    LOG.info("data path: kernel (eBPF on the TAPs, VXLAN port {}, vni {}, maps pinned in {})",
                        config.dataPath().vxlanPort(), config.dataPath().vni(), kernel.pinDir());
                } catch (final BpfException e) {
                    if (config.dataPath().mode() == DataPathConfig.Mode.KERNEL) {
                        throw new IOException("datapath.mode kernel: eBPF cannot be used: " + e.getMessage(), e);
                    }
                    kernelReason = "eBPF unavailable: " + e.getMessage();
                    LOG.warn("data path: java ({})", kernelReason);
                }
            }
            final KernelDataPath k = kernel;
            if (k != null) {
                loop.submit(() -> sw.flows(k)).syncUninterruptibly();
                links.vxlan(config.dataPath().vni(), config.dataPath().vxlanPort());
            }
            conductor = new Conductor(ctx.name(), ctx.hub(), loop, sw, links, telemetry, durable::save,
                ctx.defaultTapMtu(), new TapPolicy(ctx.tapVnetHeader(), ctx.tapOffload(), ctx.tapUso()), kernel,
                kernelReason, ctx.inference());
            final EventRing ring = new EventRing(EventRing.DEFAULT_CAPACITY,
                telemetry.counter(SystemCounter.EVENTS_RECORDED), telemetry.counter(SystemCounter.EVENTS_DROPPED));
            journal = config.journal() == null ? null : Journal.start(config.journal(), telemetry);
            final Telemetry t = telemetry;
            final Conductor c = conductor;
            if (kernel != null && ctx.inference()) {
                try {
                    kernelEvents = new KernelEvents(kernel, ring);
                } catch (final BpfException e) {
                    throw new IOException("kernel data path: cannot map its event ring: " + e.getMessage(), e);
                }
            }
            final InferenceAgent agent = new InferenceAgent(ring, kernelEvents, new InferenceConfig(),
                new GlobalView(ctx.name(), ctx.hub()), c::broadcastSummary, ctx.summaryPeriodMillis(),
                () -> t.increment(SystemCounter.BAD_SUMMARIES), journal == null ? EventSink.NONE : journal);
            agent.localMacs(c::localMacs);
            if (config.adaptation().leader() && !ctx.inference()) {
                throw new IOException("adaptation.leader needs inference, which is off (vnet.inference=false)");
            }
            adaptation = config.adaptation().active()
                ? Adaptation.start(ctx.name(), config.adaptation(), c, c::sendControl, ctx.summaryPeriodMillis()) : null;
            final Adaptation a = adaptation;
            links.control((link, type, payload) -> {
                if (type == FrameHeader.TYPE_SUMMARY) {
                    agent.onSummary(link, payload);
                } else if (a != null) {
                    a.onMessage(link, type, payload);
                }
            });
            c.adaptation(a);
            inferenceRunner = new AgentRunner(new SleepingMillisIdleStrategy(10), e -> {
                t.increment(SystemCounter.ERRORS);
                LOG.warn("inference agent: {}", e.toString());
            }, null, agent);
            AgentRunner.startOnThread(inferenceRunner);
            if (ctx.inference()) {
                sw.events(ring.newProducer());
                final Switch swRef = sw;
                final Telemetry tRef = telemetry;
                loop.submit(() -> swRef.pairCounters(new MacPairCounters(tRef.manager()))).syncUninterruptibly();
            } else {
                LOG.warn("inference off (vnet.inference=false): no event records, no MAC-pair counters");
            }
            conductor.inference(agent);
            conductor.start(initial);
            final ControlServer control = ControlServer.start(config.control(), conductor, ControlServer.Limits.DEFAULT, group);
            final HttpServer http;
            try {
                http = config.http() == null ? null : startHttp(config.http(), conductor, control);
            } catch (final IOException | RuntimeException e) {
                control.close();
                throw e;
            }
            LOG.info("vnetd {} up: {} interfaces, {} links, {} rules; control socket {}", ctx.name(),
                initial.interfaces().size(), initial.links().size(), initial.rules().size(), config.control());
            return new Vnetd(ctx, group, telemetry, links, conductor, control, inferenceRunner, journal, kernel,
                kernelEvents, durable, adaptation, http);
        } catch (final IOException | StateException | CommandException | RuntimeException e) {
            if (adaptation != null) {
                adaptation.close();
            }
            if (conductor != null) {
                conductor.close();
            }
            if (durable != null) {
                durable.close();
            }
            if (inferenceRunner != null) {
                inferenceRunner.close();
            }
            if (kernelEvents != null) {
                kernelEvents.close();
            }
            if (kernel != null) {
                kernel.close();
            }

            if (journal != null) {
                journal.close();
            }
            if (links != null) {
                links.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            if (telemetry != null) {
                telemetry.close();
            }
            throw e;
        }
    }

    /** The HTTP server ({@code /metrics}) on its own thread; its control latency histogram fed by {@code control}. */
    private static HttpServer startHttp(final HttpConfig config, final Conductor conductor, final ControlServer control)
        throws IOException {
        final MetricsRoute metrics = new MetricsRoute(new DaemonCollector(conductor, control::counters));
        final HttpServer server = HttpServer.start(config, Map.of(MetricsRoute.PATH, metrics), HttpServer.Limits.DEFAULT);
        control.observe(metrics.controlObserver());
        return server;
    }

    /** The HTTP server, or null when {@code http:} is not configured. */
    public HttpServer http() {
        return http;
    }

    /** The settings this daemon runs with. */
    public VnetdContext context() {
        return ctx;
    }

    /** The conductor (for tests and the control socket). */
    public Conductor conductor() {
        return conductor;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        try {
            control.close();
        } catch (final IOException e) {
            LOG.warn("closing the control socket: {}", e.toString());
        }
        if (adaptation != null) {
            adaptation.close();
        }
        conductor.close();
        durable.close();
        links.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        inferenceRunner.close();
        if (kernelEvents != null) {
            kernelEvents.close();
        }
        if (kernel != null) {
            kernel.close();
        }
        if (journal != null) {
            journal.close();
        }
        telemetry.close();
        LOG.info("vnetd stopped");
    }
}
