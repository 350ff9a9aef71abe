/**
 * Packet events: the fixed-size {@link org.vnet.inference.event.EventRecord} layout with its allocation-free
 * frame encoder and flyweight reader, and the {@link org.vnet.inference.event.EventSource} interface every
 * producer of events (daemon ring, journal, capture file) implements.
 */
package org.vnet.inference.event;
