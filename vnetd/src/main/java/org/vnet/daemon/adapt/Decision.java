package org.vnet.daemon.adapt;

/**
 * One thing the adaptation leader did, and why.
 *
 * @param atMillis       wall-clock time
 * @param action         what was done
 * @param pair           the hosts
 * @param bytesPerSecond the pair's traffic rate when it was decided
 * @param reason         why, in words
 */
public record Decision(long atMillis, Action action, HostPair pair, double bytesPerSecond, String reason) {
    /** What a decision does. */
    public enum Action {
        /** A fast-path link was added. */
        ADD,
        /** An adapted link was removed. */
        REMOVE,
        /** A follower could not apply a link: it was dropped and the pair backs off. */
        FAILED,
        /** A link the followers already had was taken over (leader restart). */
        ADOPT
    }
}
