/**
 * The kernel data path: eBPF programs on each VM's TAP and on a collect_md VXLAN device switch
 * established flows inside the kernel; vnetd writes their maps (flows installed by the slow path,
 * peers, interfaces), reads their per-CPU counters and consumes their event ring for inference.
 */
package org.vnet.daemon.datapath;
