package org.vnet.daemon.journal;

import java.nio.file.Path;
import java.util.Objects;

import org.vnet.journal.JournalRoll;

/**
 * Where and how long the journal keeps events: a Chronicle Queue directory, one file per roll
 * cycle, and at most {@code cycles} files (older ones are deleted).
 *
 * @param dir          the queue directory (created if missing)
 * @param roll         how often a new file starts
 * @param cycles       how many files are kept, the current one included, 1..{@value #CYCLES_MAX}
 * @param ringCapacity bytes of the ring between the inference agent and the journal agent, a power of two
 */
public record JournalConfig(Path dir, JournalRoll roll, int cycles, int ringCapacity) {
    /** Default {@code rollCycle}. */
    public static final JournalRoll ROLL_DEFAULT = JournalRoll.HOURLY;
    /** Default {@code cycles}: a day of hourly files. */
    public static final int CYCLES_DEFAULT = 24;
    /** Most {@code cycles}. */
    public static final int CYCLES_MAX = 100_000;
    /** Default ring capacity: about 80,000 records, 80 ms at a million frames a second. */
    public static final int RING_CAPACITY_DEFAULT = 8 << 20;

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
    public JournalConfig(final Path dir, final JournalRoll roll, final int cycles) {
        this(dir, roll, cycles, RING_CAPACITY_DEFAULT);
    }
}
