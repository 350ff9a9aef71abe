package org.vnet.tools.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.vnet.daemon.control.CommandException;
import org.vnet.daemon.control.DaemonControl;
import org.vnet.protocol.DaemonStatus;
import org.vnet.protocol.StatsSnapshot;
import org.vnet.daemon.model.NetworkState;

/** A daemon without a data plane: holds a state, applies changes, reports fixed counters. */
final class FakeDaemon implements DaemonControl {
    private NetworkState state = NetworkState.EMPTY;

    @Override
    public synchronized NetworkState state() {
        return state;
    }

    @Override
    public synchronized NetworkState apply(final UnaryOperator<NetworkState> change) throws CommandException {
        try {
            state = change.apply(state);
            return state;
        } catch (final IllegalArgumentException e) {
            throw new CommandException(e.getMessage(), e);
        }
    }

    @Override
    public synchronized DaemonStatus status() {
        return new DaemonStatus("h1", true, 3_723_000, "native", "epoll", state.interfaces().size(), state.links().size(),
            state.links().size(), state.rules().size());
    }

    @Override
    public synchronized StatsSnapshot stats() {
        final List<StatsSnapshot.PortStats> ports = new ArrayList<>();
        state.interfaces().keySet().forEach(n -> ports.add(new StatsSnapshot.PortStats("if", n, "up", 12_345, 15_000, 20, 2_500_000, 0)));
        state.links().keySet().forEach(n -> ports.add(new StatsSnapshot.PortStats("link", n, "down", 0, 0, 3, 300, 4)));
        final List<StatsSnapshot.RuleStats> rules = new ArrayList<>();
        state.rules().forEach(r -> rules.add(new StatsSnapshot.RuleStats(r.id(), 99)));
        return new StatsSnapshot(ports, rules, Map.of("frames.malformed", 5L, "frames.zeroCounter", 0L));
    }
}
