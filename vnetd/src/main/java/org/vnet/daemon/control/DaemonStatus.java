package org.vnet.daemon.control;

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
 */
public record DaemonStatus(String name, boolean hub, long uptimeMillis, String tapIo, String transport,
                           int interfaces, int links, int linksUp, int rules) {
}
