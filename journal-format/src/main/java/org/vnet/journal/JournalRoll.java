package org.vnet.journal;

import java.util.Locale;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;

/**
 * How often a journal starts a new file, and the Chronicle roll cycle behind it (each holds at
 * least a million records a second for its whole length). The roll cycle fixes the cycle files'
 * names, which is how {@link Queues#readOnly} finds it again.
 */
public enum JournalRoll {
    /** One file a minute (Chronicle MINUTELY: 2^26 records a minute). */
    MINUTELY,
    /** One file an hour (Chronicle FAST_HOURLY: 2^32 records an hour). */
    HOURLY,
    /** One file a day (Chronicle LARGE_DAILY: 2^37 records a day). */
    DAILY;

    /** Chronicle's roll cycle; only {@link Queues} calls it, so Chronicle loads after its properties are set. */
    RollCycle chronicle() {
        return switch (this) {
            case MINUTELY -> LegacyRollCycles.MINUTELY;
            case HOURLY -> RollCycles.FAST_HOURLY;
            case DAILY -> LargeRollCycles.LARGE_DAILY;
        };
    }

    /**
     * Parses MINUTELY, HOURLY or DAILY, in any case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static JournalRoll parse(final String text) {
        final String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (final JournalRoll r : values()) {
            if (r.name().equals(t)) {
                return r;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a roll cycle (want MINUTELY, HOURLY or DAILY)");
    }
}
