/** JMH benchmarks of {@code org.vnet.daemon.offload}: cutting TCP super-frames and joining them again. */
package org.vnet.bench.offload;
