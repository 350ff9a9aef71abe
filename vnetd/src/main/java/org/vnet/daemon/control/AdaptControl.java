package org.vnet.daemon.control;

import org.vnet.protocol.Replies;
import org.vnet.protocol.Requests;

/** What the {@code adapt.*} commands ask of the adaptation agent (leader or follower). */
public interface AdaptControl {
    /** What adaptation holds and has decided. */
    Replies.Adapt status();

    /**
     * Turns the leader's loop on or off (links already made stay).
     *
     * @throws CommandException on a follower
     */
    Replies.Adapt enable(boolean on) throws CommandException;

    /**
     * Runs one decision round now and answers the status after it.
     *
     * @throws CommandException on a follower, or when the round fails
     */
    Replies.Adapt once() throws CommandException;

    /**
     * Runs the mapping optimiser on the current traffic (advice only: nothing moves).
     *
     * @throws CommandException on a follower, or when the inputs are inconsistent or empty
     */
    Replies.Plan plan(Requests.Plan request) throws CommandException;
}
