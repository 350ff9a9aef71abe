/** Benchmarks of the link encapsulation header codec. */
package org.vnet.bench.wire;
