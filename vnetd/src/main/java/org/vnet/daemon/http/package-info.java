/**
 * The daemon's HTTP server (Netty's HTTP codec, its own thread, loopback by default, a Bearer token
 * when bound elsewhere) and the routes it serves, such as {@code /metrics}.
 */
package org.vnet.daemon.http;
