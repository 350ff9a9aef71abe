/**
 * The packet vocabulary both the daemon and the inference share: header offsets and constants
 * ({@link org.vnet.inference.packet.Ethernet}, {@link org.vnet.inference.packet.Ipv4},
 * {@link org.vnet.inference.packet.Ipv6}, {@link org.vnet.inference.packet.Tcp},
 * {@link org.vnet.inference.packet.Udp}), the one frame parser ({@link org.vnet.inference.packet.FrameParser})
 * and the address codecs ({@link org.vnet.inference.packet.Mac}, {@link org.vnet.inference.packet.IpAddress}).
 */
package org.vnet.inference.packet;
