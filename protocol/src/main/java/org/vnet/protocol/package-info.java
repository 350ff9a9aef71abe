/**
 * The control socket's protocol, shared by vnetd and vnetctl: the command table ({@link org.vnet.protocol.Command}),
 * request and response records mapped by Jackson, and the error codes (see docs/control-protocol.md).
 */
package org.vnet.protocol;
