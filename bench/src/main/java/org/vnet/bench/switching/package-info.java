/** Benchmarks of the switch: forwarding rules, MAC learning and the whole per-frame decision. */
package org.vnet.bench.switching;
