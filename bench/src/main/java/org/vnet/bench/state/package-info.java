/** Benchmarks of the persistence of control changes: the change journal against the state file. */
package org.vnet.bench.state;
