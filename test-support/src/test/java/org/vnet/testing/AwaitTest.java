package org.vnet.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void shouldReturnTheFirstValueThatSatisfiesTheCondition() {
        final AtomicInteger polls = new AtomicInteger();
        assertEquals(5, Await.until(Duration.ofSeconds(10), "five polls", polls::incrementAndGet, n -> n >= 5));
    }

    @Test
    void shouldFailNamingTheConditionAndTheLastValueSeen() {
        final long start = System.nanoTime();
        final AssertionError e = assertThrows(AssertionError.class,
            () -> Await.until(Duration.ofMillis(50), "the answer", () -> 41, n -> n == 42));
        assertTrue(e.getMessage().contains("waiting for the answer; last seen: 41"), e.getMessage());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(50).toNanos(), "waited the whole timeout");
    }

    @Test
    void shouldReturnAtOnceWhenTheConditionAlreadyHolds() {
        Await.until(Duration.ZERO, "true", () -> true);
    }
}
