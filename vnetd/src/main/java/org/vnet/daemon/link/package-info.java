/**
 * Links to peer daemons: one shared UDP socket with per-peer demultiplexing, and TCP/TLS
 * connections with HELLO identification, length framing and redialling, all on Netty's epoll loop.
 */
package org.vnet.daemon.link;
