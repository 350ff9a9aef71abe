/**
 * {@code vnetctl}, the operator's command line for a running vnetd: {@link org.vnet.tools.ctl.Vnetctl}
 * parses the command and prints tables, {@link org.vnet.tools.ctl.ControlClient} speaks the
 * line-JSON control protocol over the daemon's Unix socket.
 */
package org.vnet.tools.ctl;
