package org.vnet.daemon.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * Collects the data points of one scrape by metric family (name without {@code _total} or
 * {@code _info}), then builds the snapshots; a family gets its help and unit from its first point.
 */
final class Families {
    private enum Type { COUNTER, GAUGE, INFO }

    private record Family(Type type, String help, Unit unit, List<Object> points) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Adds a counter point; {@code name} without {@code _total} (the writer appends it). */
    void counter(final String name, final String help, final Unit unit, final Labels labels, final double value) {
        family(name, Type.COUNTER, help, unit).points()
            .add(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build());
    }

    /** Adds a gauge point. */
    void gauge(final String name, final String help, final Unit unit, final Labels labels, final double value) {
        family(name, Type.GAUGE, help, unit).points()
            .add(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
    }

    /** Adds an info point (a gauge of value 1 named {@code NAME_info} carrying {@code labels}). */
    void info(final String name, final String help, final Labels labels) {
        family(name, Type.INFO, help, null).points()
            .add(InfoSnapshot.InfoDataPointSnapshot.builder().labels(labels).build());
    }

    private Family family(final String name, final Type type, final String help, final Unit unit) {
        final Family f = families.computeIfAbsent(name, n -> new Family(type, help, unit, new ArrayList<>()));
        if (f.type() != type) {
            throw new IllegalStateException("metric " + name + " is a " + f.type() + ", not a " + type);
        }
        return f;
    }

    /** The snapshots of every family with at least one point. */
    MetricSnapshots build() {
        final MetricSnapshots.Builder b = MetricSnapshots.builder();
        families.forEach((name, f) -> b.metricSnapshot(snapshot(name, f)));
        return b.build();
    }

    private static MetricSnapshot snapshot(final String name, final Family f) {
        switch (f.type()) {
            case COUNTER -> {
                final CounterSnapshot.Builder c = CounterSnapshot.builder().name(name).help(f.help());
                if (f.unit() != null) {
                    c.unit(f.unit());
                }
                f.points().forEach(p -> c.dataPoint((CounterSnapshot.CounterDataPointSnapshot) p));
                return c.build();
            }
            case GAUGE -> {
                final GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(name).help(f.help());
                if (f.unit() != null) {
                    g.unit(f.unit());
                }
                f.points().forEach(p -> g.dataPoint((GaugeSnapshot.GaugeDataPointSnapshot) p));
                return g.build();
            }
            default -> {
                final InfoSnapshot.Builder i = InfoSnapshot.builder().name(name).help(f.help());
                f.points().forEach(p -> i.dataPoint((InfoSnapshot.InfoDataPointSnapshot) p));
                return i.build();
            }
        }
    }

    /** {@code camelCase} or {@code control.camelCase} as {@code snake_case}. */
    static String snake(final String label) {
        final StringBuilder b = new StringBuilder(label.length() + 8);
        for (int i = 0; i < label.length(); i++) {
            final char c = label.charAt(i);
            if (Character.isUpperCase(c)) {
                if (b.length() > 0 && b.charAt(b.length() - 1) != '_') {
                    b.append('_');
                }
                b.append(Character.toLowerCase(c));
            } else if (Character.isLetterOrDigit(c)) {
                b.append(c);
            } else if (b.length() > 0 && b.charAt(b.length() - 1) != '_') {
                b.append('_');
            }
        }
        return b.toString();
    }
}
