package org.vnet.daemon.adapt;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.control.AdaptControl;
import org.vnet.daemon.control.CommandException;
import org.vnet.daemon.control.DaemonControl;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.protocol.Replies;

/**
 * A follower: applies its leader's directives through the daemon's change path (atomic and
 * persisted, like an operator's change) and reports what it has, after each directive and every
 * period. Directives from any link but the configured one are counted and ignored. Runs on the
 * adaptation thread.
 */
final class FastPathFollower implements AdaptControl {
    private static final Logger LOG = LoggerFactory.getLogger(FastPathFollower.class);

    private final String self;
    private final AdaptationConfig config;
    private final DaemonControl control;
    private final Sender sender;
    private long epoch;
    private long lastDirectiveMillis;
    private String error;
    private Messages.Directive last;
    private long ignored;

    FastPathFollower(final String self, final AdaptationConfig config, final DaemonControl control, final Sender sender) {
        this.self = self;
        this.config = config;
        this.control = control;
        this.sender = sender;
    }

    /** A directive arrived on {@code link}. */
    void onDirective(final String link, final byte[] payload) {
        if (!link.equals(config.follow())) {
            if (ignored++ % 100 == 0) {
                LOG.warn("adaptation: directive on link {} ignored (this daemon follows {}); {} ignored so far", link,
                    config.follow(), ignored);
            }
            return;
        }
        final Messages.Directive d;
        try {
            d = Messages.directive(payload);
        } catch (final IllegalArgumentException e) {
            error = "bad directive: " + e.getMessage();
            report();
            return;
        }
        lastDirectiveMillis = System.currentTimeMillis();
        if (!d.equals(last)) {
            try {
                control.apply(s -> Reconciler.reconcile(s, d, config.maxLinks(), config.key()));
                error = null;
                if (d.epoch() != epoch) {
                    LOG.info("adaptation: applied directive {} from {}: fast-path links {}", d.epoch(), d.leader(),
                        Reconciler.adaptedLinks(control.state()));
                }
            } catch (final CommandException | RuntimeException e) {
                error = "directive " + d.epoch() + " not applied: " + e.getMessage();
                LOG.warn("adaptation: {}", error);
            }
            last = error == null ? d : null;
            epoch = d.epoch();
        }
        report();
    }

    /** Tells the leader what this daemon has. */
    void report() {
        final NetworkState s = control.state();
        sender.send(config.follow(), FrameHeader.TYPE_ADAPT_REPORT, Messages.encode(new Messages.Report(self, epoch,
            Reconciler.adaptedLinks(s), Reconciler.operatorLinks(s), error)));
    }

    @Override
    public Replies.Adapt status() {
        final NetworkState s = control.state();
        final List<Replies.AdaptLink> links = Reconciler.adaptedLinks(s).stream()
            .map(peer -> new Replies.AdaptLink(self, peer, 0, lastDirectiveMillis, true)).toList();
        return new Replies.Adapt("follower", false, config.follow(), 0, epoch, links, List.of(), List.of(), error,
            Map.of("maxLinks", config.maxLinks()));
    }

    @Override
    public Replies.Adapt enable(final boolean on) throws CommandException {
        throw new CommandException("this daemon follows " + config.follow() + ": turn adaptation on or off at the leader");
    }

    @Override
    public Replies.Adapt once() throws CommandException {
        throw new CommandException("this daemon follows " + config.follow() + ": run adapt once at the leader");
    }

    @Override
    public Replies.Plan plan(final org.vnet.protocol.Requests.Plan request) throws CommandException {
        throw new CommandException("this daemon follows " + config.follow() + ": ask the leader for a plan");
    }
}
