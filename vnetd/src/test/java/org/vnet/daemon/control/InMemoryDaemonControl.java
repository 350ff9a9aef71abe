package org.vnet.daemon.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.protocol.DaemonStatus;
import org.vnet.protocol.StatsSnapshot;

/** What the conductor does for the control socket, minus the data plane: holds a state and applies changes. */
final class InMemoryDaemonControl implements DaemonControl {
    private NetworkState state = NetworkState.EMPTY;
    private String failNextApply;
    private int applied;
    private boolean brokenStats;

    @Override
    public synchronized NetworkState state() {
        return state;
    }

    @Override
    public synchronized NetworkState apply(final UnaryOperator<NetworkState> change) throws CommandException {
        if (failNextApply != null) {
            final String why = failNextApply;
            failNextApply = null;
            throw new CommandException(why);
        }
        try {
            state = change.apply(state);
        } catch (final IllegalArgumentException e) {
            throw new CommandException(e.getMessage(), e);
        }
        applied++;
        return state;
    }

    /** Makes the next {@link #apply} fail as a data-plane failure would. */
    synchronized void failNextApply(final String why) {
        failNextApply = why;
    }

    /** Makes {@link #stats} fail as a bug in the daemon would. */
    synchronized void breakStats() {
        brokenStats = true;
    }

    synchronized int applied() {
        return applied;
    }

    @Override
    public synchronized DaemonStatus status() {
        return new DaemonStatus("t1", false, 1234, "jna", "nio", state.interfaces().size(), state.links().size(), 0,
            state.rules().size());
    }

    @Override
    public synchronized StatsSnapshot stats() {
        if (brokenStats) {
            throw new IllegalStateException("telemetry not started");
        }
        final List<StatsSnapshot.PortStats> ports = new ArrayList<>();
        state.interfaces().keySet().forEach(n -> ports.add(new StatsSnapshot.PortStats("if", n, "up", 10, 15_000, 20, 2_500_000, 0)));
        state.links().keySet().forEach(n -> ports.add(new StatsSnapshot.PortStats("link", n, "connecting", 0, 0, 3, 300, 1)));
        final List<StatsSnapshot.RuleStats> rules = new ArrayList<>();
        for (final RuleSpec r : state.rules()) {
            rules.add(new StatsSnapshot.RuleStats(r.id(), 7));
        }
        return new StatsSnapshot(ports, rules, Map.of("frames.malformed", 2L, "frames.noRoute", 0L));
    }
}
