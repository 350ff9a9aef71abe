/**
 * The daemon's native I/O: TAP devices ({@link org.vnet.nativeio.TapDevice} opens a TAP, optionally
 * inside a network namespace, and moves Ethernet frames through its non-blocking fd), the UDP link
 * socket with GSO/GRO ({@link org.vnet.nativeio.UdpSocket}) and, in {@code bpf}, the eBPF loader.
 *
 * <p>The system calls sit behind {@link org.vnet.nativeio.TapIo}: {@link org.vnet.nativeio.NativeTapIo}
 * uses {@code libvnetfwd.so} (C in {@code src/main/c}, shipped in the jar under {@code linux-x86-64/},
 * bound with JNA direct mapping); {@link org.vnet.nativeio.JnaTapIo} does the same steps over
 * direct-mapped libc when the library is missing or {@code -Dvnet.native.disable=true}.
 * {@link org.vnet.nativeio.NativeLibrary} tells which is available.
 */
package org.vnet.nativeio;
