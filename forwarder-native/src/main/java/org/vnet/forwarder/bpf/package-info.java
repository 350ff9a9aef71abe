/**
 * vnet's kernel data path, bound with JNA to the system's libbpf 1.x: {@link org.vnet.forwarder.bpf.BpfSupport}
 * says whether it can run here, {@link org.vnet.forwarder.bpf.BpfFs} prepares the bpffs pin folder,
 * {@link org.vnet.forwarder.bpf.BpfObject} loads {@code tap_tx.o} / {@code vxlan_rx.o} from the jar with
 * pinned, shared maps, {@link org.vnet.forwarder.bpf.TcHook} attaches them to tc hooks (inside a network
 * namespace through {@link org.vnet.forwarder.bpf.Netns}), {@link org.vnet.forwarder.bpf.BpfMap} reads
 * and writes maps laid out by {@link org.vnet.forwarder.bpf.DataPathMaps}, and
 * {@link org.vnet.forwarder.bpf.RingBufferReader} drains the event ring. Set-up throws
 * {@link org.vnet.forwarder.bpf.BpfException}; the map and ring data path returns {@code -errno} and
 * never allocates. {@link org.vnet.forwarder.bpf.ProgramTestRun} runs a program on a crafted frame for tests.
 */
package org.vnet.forwarder.bpf;
