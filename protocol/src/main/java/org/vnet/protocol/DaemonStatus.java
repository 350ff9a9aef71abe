package org.vnet.protocol;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Identity and health of a daemon.
 *
 * @param name          daemon name
 * @param hub           whether it forwards link to link (star proxy)
 * @param uptimeMillis  time since start
 * @param tapIo         which TAP implementation is in use ("native" or "jna") and why
 * @param transport     which socket transport is in use ("epoll" or "nio")
 * @param interfaces    number of interfaces
 * @param links         number of links
 * @param linksUp       number of links currently able to carry frames
 * @param rules         number of rules
 * @param dataPath      the daemon's data path: "kernel (...)" or "java (why not the kernel)"
 * @param interfaceDataPaths per interface, "kernel" or "java: why"
 * @param degraded      why the daemon is degraded (a change still running on the data plane past
 *                      its time), absent when healthy
 * @param privileges    the daemon's user and capabilities ({@code uid 0, capabilities net_admin,bpf, no new
 *                      privileges}), absent when unknown
 */
public record DaemonStatus(String name, boolean hub, long uptimeMillis, String tapIo, String transport,
                           int interfaces, int links, int linksUp, int rules, String dataPath,
                           Map<String, String> interfaceDataPaths,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String degraded,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String privileges) {
    /** A healthy daemon with the Java data path only. */
    public DaemonStatus(final String name, final boolean hub, final long uptimeMillis, final String tapIo,
                        final String transport, final int interfaces, final int links, final int linksUp,
                        final int rules) {
        this(name, hub, uptimeMillis, tapIo, transport, interfaces, links, linksUp, rules, "java", Map.of(), null, null);
    }

    /** Copies the map. */
    public DaemonStatus {
        interfaceDataPaths = Map.copyOf(interfaceDataPaths);
    }
}
