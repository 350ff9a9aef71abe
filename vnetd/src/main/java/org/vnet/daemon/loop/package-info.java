/** How the data-plane event loop waits for its fds: {@link org.vnet.daemon.loop.SpinThenBlockStrategy}. */
package org.vnet.daemon.loop;
