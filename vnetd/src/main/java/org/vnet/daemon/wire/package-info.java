/** The on-link wire format: {@link org.vnet.daemon.wire.FrameHeader} and its checks. */
package org.vnet.daemon.wire;
