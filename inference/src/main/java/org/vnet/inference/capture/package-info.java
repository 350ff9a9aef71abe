/**
 * Streaming, constant-memory pcap and pcapng readers (Ethernet, raw IP, Linux cooked v1/v2) delivering
 * {@link org.vnet.inference.event.EventRecord}s; bad files fail with a
 * {@link org.vnet.inference.capture.CaptureFormatException} that says where they broke.
 */
package org.vnet.inference.capture;
