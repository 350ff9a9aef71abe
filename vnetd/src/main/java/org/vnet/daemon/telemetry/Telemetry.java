package org.vnet.daemon.telemetry;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * The daemon's counters: one {@link AtomicCounter} per {@link SystemCounter}, plus factories for
 * per-port and per-rule counters. Allocation and freeing happen on the data-plane thread (the
 * Agrona manager is single-writer); increments are lock-free release stores.
 */
public final class Telemetry implements AutoCloseable {
    private final CountersFile file;
    private final CountersManager manager;
    private final AtomicCounter[] system = new AtomicCounter[SystemCounter.values().length];

    /** Allocates the system counters in {@code file}. */
    public Telemetry(final CountersFile file) {
        this.file = file;
        this.manager = file.manager();
        for (final SystemCounter c : SystemCounter.values()) {
            system[c.ordinal()] = manager.newCounter("system - " + c.label());
        }
    }

    /** The counter for {@code c}. */
    public AtomicCounter counter(final SystemCounter c) {
        return system[c.ordinal()];
    }

    /** Counts one occurrence of {@code c}. */
    public void increment(final SystemCounter c) {
        system[c.ordinal()].incrementRelease();
    }

    /** New counters for interface or link {@code name} ({@code scope} "if" or "link"). */
    public PortCounters portCounters(final String scope, final String name) {
        return new PortCounters(manager, scope, name);
    }

    /** The counters manager (data-plane thread only). */
    public CountersManager manager() {
        return manager;
    }

    /** A new counter of frames sent by rule {@code id}. */
    public AtomicCounter ruleCounter(final int id) {
        return manager.newCounter("rule " + id + " frames");
    }

    /** Current values of the system counters by label, in id order. */
    public Map<String, Long> systemValues() {
        final Map<String, Long> values = new LinkedHashMap<>();
        final EnumMap<SystemCounter, Long> ordered = new EnumMap<>(SystemCounter.class);
        for (final SystemCounter c : SystemCounter.values()) {
            ordered.put(c, system[c.ordinal()].get());
        }
        ordered.forEach((c, v) -> values.put(c.label(), v));
        return values;
    }

    @Override
    public void close() {
        file.close();
    }
}
