/**
 * The optional packet-event journal: a {@link org.vnet.daemon.journal.JournalAgent} on its own
 * thread appends every {@link org.vnet.inference.event.EventRecord} to a Chronicle Queue directory
 * (one 96-byte excerpt per record, rolled and retired by {@link org.vnet.daemon.journal.JournalConfig}),
 * {@link org.vnet.daemon.journal.JournalSource} reads a journal back as an
 * {@link org.vnet.inference.event.EventSource}, and {@link org.vnet.inference.capture.PcapngExport}
 * turns one into a pcapng file for Wireshark.
 */
package org.vnet.daemon.journal;
