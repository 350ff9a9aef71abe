package org.vnet.inference.event;

/**
 * One reader interface for packet events: the daemon's ring buffer, a journal and capture files all deliver
 * {@link EventRecord}s through {@link #poll(EventHandler, int)}.
 */
public interface EventSource extends AutoCloseable
{
    /**
     * Deliver up to {@code limit} events to the handler.
     *
     * @param handler receiving each event.
     * @param limit   maximum number of events to deliver.
     * @return the number of events delivered; 0 when none are available now (or at the end, see
     * {@link #isExhausted()}).
     */
    int poll(EventHandler handler, int limit);

    /**
     * Whether no more events will ever arrive (end of a file); live sources return false.
     *
     * @return true once the source is finished.
     */
    boolean isExhausted();

    @Override
    void close();
}
