/** Local VM interfaces: TAP devices registered on the data-plane epoll loop. */
package org.vnet.daemon.tap;
