package org.vnet.daemon.adapt;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.control.AdaptControl;
import org.vnet.daemon.control.CommandException;
import org.vnet.daemon.control.DaemonControl;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.protocol.Replies;
import org.vnet.protocol.Requests;

/**
 * A daemon's part in adaptation, leader or follower, on its own thread ({@code vnet-adapt}): the
 * leader's rounds every period, the follower's reports, the ADAPT and ADAPT_REPORT messages the
 * links hand over (at most {@value #MAX_PENDING} waiting; more are dropped and counted), and the
 * {@code adapt.*} commands.
 */
public final class Adaptation implements AdaptControl, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Adaptation.class);
    private static final int MAX_PENDING = 256;
    private static final long COMMAND_TIMEOUT_SECONDS = 15;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "vnet-adapt");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AdaptationLeader leader;
    private final FastPathFollower follower;

    private Adaptation(final AdaptationLeader leader, final FastPathFollower follower) {
        this.leader = leader;
        this.follower = follower;
    }

    /**
     * Starts the daemon's part.
     *
     * @param self          the daemon's name
     * @param config        the {@code adaptation:} section ({@link AdaptationConfig#active()})
     * @param control       the change path and the global view
     * @param sender        sends control messages on links
     * @param reportMillis  how often a follower reports
     */
    public static Adaptation start(final String self, final AdaptationConfig config, final DaemonControl control,
                                   final Sender sender, final long reportMillis) {
        final Adaptation a = config.leader()
            ? new Adaptation(new AdaptationLeader(self, config, control, sender), null)
            : new Adaptation(null, new FastPathFollower(self, config, control, sender));
        if (a.leader != null) {
            a.thread.scheduleWithFixedDelay(a::tick, config.periodMillis(), config.periodMillis(), TimeUnit.MILLISECONDS);
            LOG.info("adaptation: leader, loop {}", config.enabled() ? "on" : "off (vnetctl adapt on|once)");
        } else {
            a.thread.scheduleWithFixedDelay(a.follower::report, reportMillis, reportMillis, TimeUnit.MILLISECONDS);
            LOG.info("adaptation: follows link {}", config.follow());
        }
        return a;
    }

    private void tick() {
        try {
            leader.round(System.currentTimeMillis(), leader.enabled());
        } catch (final CommandException | RuntimeException e) {
            leader.error("round failed: " + e.getMessage());
        }
    }

    /** Takes an ADAPT or ADAPT_REPORT payload from a link (data-plane thread; never blocks). */
    public void onMessage(final String link, final int type, final byte[] payload) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        thread.execute(() -> {
            pending.decrementAndGet();
            try {
                if (type == FrameHeader.TYPE_ADAPT && follower != null) {
                    follower.onDirective(link, payload);
                } else if (type == FrameHeader.TYPE_ADAPT_REPORT && leader != null) {
                    leader.onReport(link, payload, System.currentTimeMillis());
                }
            } catch (final RuntimeException e) {
                LOG.warn("adaptation: message on link {} failed: {}", link, e.toString());
            }
        });
    }

    /** Messages dropped because too many were waiting. */
    public int dropped() {
        return dropped.get();
    }

    @Override
    public Replies.Adapt status() {
        try {
            return call(() -> leader != null ? leader.status(System.currentTimeMillis()) : follower.status());
        } catch (final CommandException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public Replies.Adapt enable(final boolean on) throws CommandException {
        if (leader == null) {
            return follower.enable(on);
        }
        return call(() -> {
            leader.enabled(on);
            return leader.status(System.currentTimeMillis());
        });
    }

    @Override
    public Replies.Adapt once() throws CommandException {
        if (leader == null) {
            return follower.once();
        }
        return call(() -> {
            leader.round(System.currentTimeMillis(), true);
            return leader.status(System.currentTimeMillis());
        });
    }

    @Override
    public Replies.Plan plan(final Requests.Plan request) throws CommandException {
        if (leader == null) {
            return follower.plan(request);
        }
        return call(() -> leader.plan(request, System.currentTimeMillis()));
    }

    private <T> T call(final Callable<T> task) throws CommandException {
        try {
            return thread.submit(task).get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final ExecutionException e) {
            final Throwable cause = e.getCause();
            throw cause instanceof CommandException c ? c : new CommandException("adaptation: " + cause, cause);
        } catch (final TimeoutException e) {
            throw new CommandException("adaptation did not answer within " + COMMAND_TIMEOUT_SECONDS + " s");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted");
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
