package org.vnet.journal;

import net.openhft.chronicle.bytes.Bytes;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.vnet.inference.event.EventRecord;

/**
 * The layout of one journal excerpt: an {@link EventRecord}'s {@value EventRecord#LENGTH} bytes,
 * copied as twelve native-order longs, nothing before or after. The writer and the reader both go
 * through here. No allocation.
 */
public final class EventExcerpt {
    /** Bytes of one excerpt. */
    public static final int LENGTH = EventRecord.LENGTH;

    private EventExcerpt() {
    }

    /** Writes the record at {@code offset} in {@code src} to {@code excerpt}. */
    public static void write(final DirectBuffer src, final int offset, final Bytes<?> excerpt) {
        for (int i = 0; i < LENGTH; i += Long.BYTES) {
            excerpt.writeLong(src.getLong(offset + i));
        }
    }

    /**
     * Reads the record in {@code excerpt} into {@code dst} at 0, if it is one.
     *
     * @return false, reading nothing, when {@code excerpt} does not hold exactly {@link #LENGTH} bytes
     */
    public static boolean read(final Bytes<?> excerpt, final MutableDirectBuffer dst) {
        if (excerpt.readRemaining() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i += Long.BYTES) {
            dst.putLong(i, excerpt.readLong());
        }
        return true;
    }
}
