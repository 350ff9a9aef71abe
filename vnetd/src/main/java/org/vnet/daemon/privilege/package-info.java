/**
 * The daemon's privileges: which Linux capabilities its configuration needs ({@link Needs}), what the
 * process holds ({@link Privileges}), and the check made at start. The drop itself is made for the whole
 * process, before the JVM starts, by the {@code vnetd} launcher ({@code setpriv}): capabilities are per
 * thread in Linux and a JVM has threads before {@code main}.
 */
package org.vnet.daemon.privilege;
