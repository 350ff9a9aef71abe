/**
 * JMH benchmarks of vnetd's per-frame work, one sub-package per measured package of
 * {@code org.vnet.daemon}. Run them with {@code bench/run-jmh.sh [regex]}.
 */
package org.vnet.bench;
