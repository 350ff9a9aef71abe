package org.vnet.daemon.control;

import java.util.function.UnaryOperator;

import org.vnet.daemon.inference.GlobalView;
import org.vnet.daemon.model.NetworkState;
import org.vnet.inference.engine.AnalysisResult;
import org.vnet.protocol.DaemonStatus;
import org.vnet.protocol.StatsSnapshot;

/**
 * What the control socket may ask of the daemon. Implemented by the conductor, the single writer
 * of interfaces, links and rules.
 */
public interface DaemonControl {
    /** The current state (immutable snapshot). */
    NetworkState state();

    /**
     * Applies a change atomically: {@code change} validates and returns the new state (throwing
     * {@link IllegalArgumentException} with a clear message to refuse), the daemon makes it
     * effective (opens TAPs, starts or stops links, publishes the forwarding table) and persists
     * it. If any step fails nothing changes and a {@link CommandException} says why.
     *
     * @return the new state
     */
    NetworkState apply(UnaryOperator<NetworkState> change) throws CommandException;

    /**
     * Applies a change as {@link #apply} if that can be done on the calling thread without waiting
     * for another one (the conductor: a rule or link change on the data-plane loop while no other
     * change is in progress).
     *
     * @return the new state, or null when nothing was done: call {@link #apply} from a thread that may wait
     */
    default NetworkState tryApply(final UnaryOperator<NetworkState> change) throws CommandException {
        return null;
    }

    /** Identity and health of the daemon. */
    DaemonStatus status();

    /** Current counters of every port, rule and the daemon as a whole. */
    StatsSnapshot stats();

    /**
     * The live inference over the traffic this daemon switched: traffic matrix, topology, RIR,
     * BIC, time decomposition, passive network measurement.
     *
     * @throws CommandException when the daemon runs without inference or it does not answer
     */
    default AnalysisResult analysis() throws CommandException {
        throw new CommandException("inference is not running in this daemon");
    }

    /**
     * The global view: this daemon's traffic matrix reduced with what its peers reported, and the
     * application topology inferred from it.
     *
     * @throws CommandException when the daemon runs without inference or it does not answer
     */
    default GlobalView.Result globalView() throws CommandException {
        throw new CommandException("inference is not running in this daemon");
    }

    /** The adaptation agent's controls, or null when this daemon takes no part in adaptation. */
    default AdaptControl adaptation() {
        return null;
    }
}
