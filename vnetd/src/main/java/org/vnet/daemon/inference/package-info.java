/**
 * Built-in inference: the agent that feeds the data plane's packet events to the inference
 * engine and serves its live results to the control socket.
 */
package org.vnet.daemon.inference;
