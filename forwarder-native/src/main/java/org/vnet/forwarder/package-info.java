/**
 * TAP devices for the vnet daemon: {@link org.vnet.forwarder.TapDevice} opens a TAP (optionally
 * inside a network namespace) and moves Ethernet frames through its non-blocking fd.
 *
 * <p>The system calls sit behind {@link org.vnet.forwarder.TapIo}: {@link org.vnet.forwarder.NativeTapIo}
 * uses {@code libvnetfwd.so} (C in {@code src/main/c}, shipped in the jar under {@code linux-x86-64/},
 * bound with JNA direct mapping); {@link org.vnet.forwarder.JnaTapIo} does the same steps over
 * direct-mapped libc when the library is missing or {@code -Dvnet.native.disable=true}.
 * {@link org.vnet.forwarder.NativeForwarder} tells which is available.
 */
package org.vnet.forwarder;
