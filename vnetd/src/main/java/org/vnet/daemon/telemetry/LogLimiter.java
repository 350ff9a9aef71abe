package org.vnet.daemon.telemetry;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Lets through at most one log line per source per interval, and counts the ones it holds back so
 * the next line let through can say how many there were. A flood of refused connections from one
 * address then costs one WARN per interval instead of one each. Keeps at most {@code maxSources}
 * sources: a source quiet for an interval is forgotten when room is needed (with the count of lines it
 * had held back), and when all were seen within the interval every further source shares one slot
 * (keyed {@code null}), so memory stays bounded whatever the number of addresses. One thread only.
 */
public final class LogLimiter {
    /** Returned by {@link #admit} when the line is to be held back. */
    public static final long SUPPRESS = -1;

    private final long intervalNanos;
    private final int maxSources;
    private final LongSupplier nanoClock;
    private final Map<Object, Entry> sources = new HashMap<>();

    private static final class Entry {
        long loggedAt;
        long suppressed;
    }

    /**
     * @param intervalNanos least time between two lines of one source
     * @param maxSources    sources tracked at once
     * @param nanoClock     monotonic clock in nanoseconds ({@code System::nanoTime}; tests pass their own)
     */
    public LogLimiter(final long intervalNanos, final int maxSources, final LongSupplier nanoClock) {
        if (intervalNanos <= 0 || maxSources < 1) {
            throw new IllegalArgumentException("interval and maxSources must be positive");
        }
        this.intervalNanos = intervalNanos;
        this.maxSources = maxSources;
        this.nanoClock = nanoClock;
    }

    /**
     * Whether a line about {@code source} may be logged now.
     *
     * @return {@link #SUPPRESS} to hold it back, else how many lines of this source were held back
     *         since the last one let through (0 or more)
     */
    public long admit(final Object source) {
        final long now = nanoClock.getAsLong();
        Entry e = sources.get(source);
        if (e == null) {
            if (sources.size() >= maxSources) {
                forgetQuiet(now);
            }
            final Object key = sources.size() >= maxSources ? null : source;
            e = sources.get(key);
            if (e == null) {
                e = new Entry();
                e.loggedAt = now;
                sources.put(key, e);
                return 0;
            }
        }
        if (now - e.loggedAt < intervalNanos) {
            e.suppressed++;
            return SUPPRESS;
        }
        final long held = e.suppressed;
        e.loggedAt = now;
        e.suppressed = 0;
        return held;
    }

    /** Sources tracked now. */
    public int size() {
        return sources.size();
    }

    private void forgetQuiet(final long now) {
        for (final Iterator<Entry> it = sources.values().iterator(); it.hasNext(); ) {
            final Entry e = it.next();
            if (now - e.loggedAt >= intervalNanos) {
                it.remove();
            }
        }
    }
}
