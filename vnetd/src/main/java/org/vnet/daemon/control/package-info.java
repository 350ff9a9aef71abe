/**
 * The control plane's boundary: the {@link org.vnet.daemon.control.DaemonControl} contract the
 * conductor implements, and the Unix-socket server and protocol that expose it to vnetctl.
 */
package org.vnet.daemon.control;
