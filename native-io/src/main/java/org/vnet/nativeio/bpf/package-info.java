/**
 * vnet's kernel data path, bound with JNA to the system's libbpf 1.x: {@link org.vnet.nativeio.bpf.BpfSupport}
 * says whether it can run here, {@link org.vnet.nativeio.bpf.BpfFs} prepares the bpffs pin folder,
 * {@link org.vnet.nativeio.bpf.BpfObject} loads {@code tap_tx.o} / {@code vxlan_rx.o} from the jar with
 * pinned, shared maps, {@link org.vnet.nativeio.bpf.TcHook} attaches them to tc hooks (inside a network
 * namespace through {@link org.vnet.nativeio.bpf.Netns}), {@link org.vnet.nativeio.bpf.BpfMap} reads
 * and writes maps laid out by {@link org.vnet.nativeio.bpf.DataPathMaps}, and
 * {@link org.vnet.nativeio.bpf.RingBufferReader} drains the event ring. Set-up throws
 * {@link org.vnet.nativeio.bpf.BpfException}; the map and ring data path returns {@code -errno} and
 * never allocates. {@link org.vnet.nativeio.bpf.ProgramTestRun} runs a program on a crafted frame for tests.
 */
package org.vnet.nativeio.bpf;
