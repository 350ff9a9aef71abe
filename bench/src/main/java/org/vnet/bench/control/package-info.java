/** Benchmarks of the control socket: a change's round trip from a client to the daemon and back. */
package org.vnet.bench.control;
