/** Link ports for the benchmarks: the encapsulation of a link without its channel. */
package org.vnet.bench.link;
