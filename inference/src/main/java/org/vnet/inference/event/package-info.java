/**
 * Packet events: the fixed-size {@link org.vnet.inference.event.EventRecord} layout and its flyweight reader, the
 * {@link org.vnet.inference.event.EventEncoder} writing records from frames, the
 * {@link org.vnet.inference.event.EventRing} feeding the daemon's frames to the inference, and the
 * {@link org.vnet.inference.event.EventSource} interface every producer of events (ring, journal, capture file)
 * implements.
 */
package org.vnet.inference.event;
