/**
 * Benchmarks of the inference pipeline ({@code org.vnet.inference}): the engine's per-event work over
 * pre-encoded records, and a capture file read, encoded and analysed end to end.
 */
package org.vnet.bench.inference;
