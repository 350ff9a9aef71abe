/** Benchmarks of the mapping optimiser ({@code org.vnet.optimiser}) at the thesis' scale. */
package org.vnet.bench.optimiser;
