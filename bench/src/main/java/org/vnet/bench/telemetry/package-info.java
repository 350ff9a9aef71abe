/** Benchmarks of the counter increments on a real memory-mapped counters file. */
package org.vnet.bench.telemetry;
