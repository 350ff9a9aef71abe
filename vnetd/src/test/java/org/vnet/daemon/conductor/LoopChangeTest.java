package org.vnet.daemon.conductor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LoopChangeTest {
    @Test
    void shouldNeverRunAChangeCancelledBeforeItStarted() throws Exception {
        final AtomicInteger runs = new AtomicInteger();
        final LoopChange change = new LoopChange(runs::incrementAndGet);
        assertTrue(change.cancel());
        change.run();
        assertFalse(change.await(10, TimeUnit.MILLISECONDS));
        assertTrue(runs.get() == 0);
    }

    @Test
    void shouldRefuseToCancelAChangeThatRan() throws Exception {
        final AtomicInteger runs = new AtomicInteger();
        final LoopChange change = new LoopChange(runs::incrementAndGet);
        change.run();
        assertFalse(change.cancel());
        assertTrue(change.await(0, TimeUnit.MILLISECONDS));
        assertTrue(change.isDone());
        assertTrue(runs.get() == 1);
    }

    @Test
    void shouldKeepWhatTheChangeThrew() {
        final IllegalStateException boom = new IllegalStateException("too many ports");
        final LoopChange change = new LoopChange(() -> {
            throw boom;
        });
        change.run();
        assertTrue(change.isDone());
        assertSame(boom, change.failure());
    }
}
