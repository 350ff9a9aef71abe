package org.vnet.protocol;

import java.util.List;
import java.util.Map;

/**
 * Counters of a daemon at one instant.
 *
 * @param ports  one entry per interface and link
 * @param rules  frames matched per rule
 * @param system daemon-wide counters (malformed input, drops by cause, control errors...) by name
 * @param kernel the kernel data path's counters by name (frames switched in the kernel, slow-path
 *               misses, flows installed, ring-buffer drops...); empty on the Java path
 */
public record StatsSnapshot(List<PortStats> ports, List<RuleStats> rules, Map<String, Long> system,
                           Map<String, Long> kernel) {
    /** A snapshot of a daemon with the Java data path only. */
    public StatsSnapshot(final List<PortStats> ports, final List<RuleStats> rules, final Map<String, Long> system) {
        this(ports, rules, system, Map.of());
    }

    /**
     * Counters of one interface or link.
     *
     * @param kind     "if" or "link"
     * @param name     interface or link name
     * @param state    "up", "down", "connecting"...
     * @param rxFrames frames received from it
     * @param rxBytes  bytes received from it (Ethernet frame bytes)
     * @param txFrames frames sent to it
     * @param txBytes  bytes sent to it
     * @param drops    frames dropped on it (oversize, full queue, write error)
     */
    public record PortStats(String kind, String name, String state, long rxFrames, long rxBytes,
                            long txFrames, long txBytes, long drops) {
    }

    /**
     * Frames matched by one rule.
     *
     * @param id     rule id
     * @param frames frames that left by this rule
     */
    public record RuleStats(int id, long frames) {
    }
}
