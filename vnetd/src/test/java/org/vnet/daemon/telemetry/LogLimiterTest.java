package org.vnet.daemon.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LogLimiterTest {
    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(10);

    private long now = 1_000;
    private final LogLimiter limiter = new LogLimiter(INTERVAL, 4, () -> now);

    @Test
    void shouldLetTheFirstLineOfASourceThroughAndHoldBackRepeatsWithinTheInterval() {
        assertEquals(0, limiter.admit("10.0.0.1"));
        for (int i = 0; i < 100; i++) {
            now += INTERVAL / 200;
            assertEquals(LogLimiter.SUPPRESS, limiter.admit("10.0.0.1"));
        }
    }

    @Test
    void shouldCountTheHeldBackLinesInTheNextLineAfterTheInterval() {
        assertEquals(0, limiter.admit("10.0.0.1"));
        for (int i = 0; i < 7; i++) {
            assertEquals(LogLimiter.SUPPRESS, limiter.admit("10.0.0.1"));
        }
        now += INTERVAL;
        assertEquals(7, limiter.admit("10.0.0.1"));
        assertEquals(LogLimiter.SUPPRESS, limiter.admit("10.0.0.1"));
        now += INTERVAL;
        assertEquals(1, limiter.admit("10.0.0.1"));
        now += INTERVAL;
        assertEquals(0, limiter.admit("10.0.0.1"));
    }

    @Test
    void shouldLimitEachSourceOnItsOwn() {
        assertEquals(0, limiter.admit("10.0.0.1"));
        assertEquals(0, limiter.admit("10.0.0.2"));
        assertEquals(LogLimiter.SUPPRESS, limiter.admit("10.0.0.1"));
        assertEquals(LogLimiter.SUPPRESS, limiter.admit("10.0.0.2"));
    }

    @Test
    void shouldKeepItsMemoryBoundedWhenManySourcesRepeat() {
        int logged = 0;
        for (int i = 0; i < 1000; i++) {
            logged += limiter.admit("10.0.0." + i) == LogLimiter.SUPPRESS ? 0 : 1;
        }
        // four sources tracked, and every further one within the interval shares one slot: five lines in all
        assertEquals(5, logged);
        assertEquals(5, limiter.size());
        now += INTERVAL;
        // quiet for an interval: forgotten as room is needed
        assertEquals(0, limiter.admit("10.0.1.1"));
        assertEquals(1, limiter.size());
    }
}
