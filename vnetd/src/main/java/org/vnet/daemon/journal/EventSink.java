package org.vnet.daemon.journal;

import org.agrona.DirectBuffer;
import org.vnet.inference.event.EventRecord;

/**
 * Where a consumer of the event ring hands each {@link EventRecord} it has read, without waiting:
 * the call copies the record or drops and counts it.
 */
@FunctionalInterface
public interface EventSink {
    /** A sink that takes nothing (journal off). */
    EventSink NONE = (buffer, offset) -> false;

    /**
     * Offers the {@value EventRecord#LENGTH}-byte record at {@code offset}.
     *
     * @return true if taken, false if dropped (and counted by the sink)
     */
    boolean offer(DirectBuffer buffer, int offset);
}
