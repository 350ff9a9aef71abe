package org.vnet.daemon.journal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;

/**
 * Where and how long the journal keeps events: a Chronicle Queue directory, one file per roll
 * cycle, and at most {@code cycles} files (older ones are deleted).
 *
 * @param dir          the queue directory (created if missing)
 * @param roll         how often a new file starts
 * @param cycles       how many files are kept, the current one included, 1..{@value #CYCLES_MAX}
 * @param ringCapacity bytes of the ring between the inference agent and the journal agent, a power of two
 */
public record JournalConfig(Path dir, Roll roll, int cycles, int ringCapacity) {
    /** Default {@code rollCycle}. */
    public static final Roll ROLL_DEFAULT = Roll.HOURLY;
    /** Default {@code cycles}: a day of hourly files. */
    public static final int CYCLES_DEFAULT = 24;
    /** Most {@code cycles}. */
    public static final int CYCLES_MAX = 100_000;
    /** Default ring capacity: about 80,000 records, 80 ms at a million frames a second. */
    public static final int RING_CAPACITY_DEFAULT = 8 << 20;

    /**
     * How often the journal starts a new file, and the Chronicle roll cycle behind it (each holds
     * at least a million records a second for its whole length).
     */
    public enum Roll {
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
        public static Roll parse(final String text) {
            final String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
            for (final Roll r : values()) {
                if (r.name().equals(t)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not a roll cycle (want MINUTELY, HOURLY or DAILY)");
        }
    }

    /** Checks the values. */
    public JournalConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(roll, "roll");
        if (cycles < 1 || cycles > CYCLES_MAX) {
            throw new IllegalArgumentException(cycles + " cycles is out of range 1.." + CYCLES_MAX);
        }
        if (ringCapacity < 4096 || Integer.bitCount(ringCapacity) != 1) {
            throw new IllegalArgumentException("ring capacity " + ringCapacity + " is not a power of two >= 4096");
        }
    }

    /** A journal in {@code dir} with the default ring capacity. */
    public JournalConfig(final Path dir, final Roll roll, final int cycles) {
        this(dir, roll, cycles, RING_CAPACITY_DEFAULT);
    }
}
