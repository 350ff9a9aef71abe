/**
 * Local VM interfaces: TAP devices registered on the data-plane epoll loop, opened and offloaded
 * as the daemon's {@link org.vnet.daemon.tap.TapPolicy} says.
 */
package org.vnet.daemon.tap;
