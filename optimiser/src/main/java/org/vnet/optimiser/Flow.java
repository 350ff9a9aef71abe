package org.vnet.optimiser;

/**
 * One directed entry of the traffic matrix: what VM {@code src} sends to VM {@code dst}.
 *
 * @param src            the sending VM (any text, e.g. its MAC address).
 * @param dst            the receiving VM.
 * @param bytesPerSecond the rate, zero or more; zero entries are kept but carry no demand.
 */
public record Flow(String src, String dst, double bytesPerSecond) {
    /** Validates the entry. */
    public Flow {
        Names.require(src, "flow source VM");
        Names.require(dst, "flow destination VM");
        if (src.equals(dst)) {
            throw new IllegalArgumentException("flow " + src + "->" + dst + ": a VM's traffic to itself is not demand");
        }
        if (!(bytesPerSecond >= 0) || Double.isInfinite(bytesPerSecond)) {
            throw new IllegalArgumentException("flow " + src + "->" + dst +
                ": rate must be zero or more and finite, got " + bytesPerSecond);
        }
    }
}
