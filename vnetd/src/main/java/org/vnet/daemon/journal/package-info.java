/**
 * The optional packet-event journal: a {@link org.vnet.daemon.journal.JournalAgent} on its own
 * thread appends every {@link org.vnet.inference.event.EventRecord} to a Chronicle Queue directory
 * (one {@link org.vnet.journal.EventExcerpt} per record, rolled and retired by
 * {@link org.vnet.daemon.journal.JournalConfig}). The on-disk format and the reader,
 * {@link org.vnet.journal.JournalSource}, are in the journal-format module, shared with vnetctl;
 * {@link org.vnet.inference.capture.PcapngExport} turns a journal into a pcapng file for Wireshark.
 */
package org.vnet.daemon.journal;
