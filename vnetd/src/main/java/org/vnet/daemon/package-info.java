/**
 * vnetd, the per-host switch daemon: {@link org.vnet.daemon.Vnetd} assembles the data plane
 * (switch, TAPs, links on one epoll loop), the conductor and the control socket.
 */
package org.vnet.daemon;
