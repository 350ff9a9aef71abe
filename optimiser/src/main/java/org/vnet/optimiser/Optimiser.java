package org.vnet.optimiser;

/** Finds a {@link Plan} for a {@link Problem}; implementations are stateless and deterministic. */
public interface Optimiser {
    /**
     * Solves the problem.
     *
     * @param problem a validated problem.
     * @return the best plan found.
     */
    Plan solve(Problem problem);
}
