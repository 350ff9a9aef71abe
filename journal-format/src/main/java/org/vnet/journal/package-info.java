/**
 * The packet journal's on-disk format, shared by the daemon that writes it and the tools that read
 * it: a Chronicle Queue directory opened by {@link org.vnet.journal.Queues} (Chronicle's switches,
 * the {@link org.vnet.journal.JournalRoll} behind the cycle files' names), one
 * {@link org.vnet.journal.EventExcerpt} per {@link org.vnet.inference.event.EventRecord}, and
 * {@link org.vnet.journal.JournalSource}, which reads a journal back as an
 * {@link org.vnet.inference.event.EventSource}.
 */
package org.vnet.journal;
