package org.vnet.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * Opens journal queues the same way for the writer and the readers (and vnetd's change journal),
 * and lists their cycle files.
 */
public final class Queues {
    /** Suffix of a Chronicle Queue cycle file. */
    public static final String CYCLE_SUFFIX = ".cq4";

    static {
        // Chronicle's own switches, not vnet settings (those are in VnetdContext): set here, where
        // every journal reader and writer (vnetd, vnetctl, tests) passes before Chronicle loads.
        // No usage reports over the network and no banner.
        System.getProperties().putIfAbsent("chronicle.analytics.disable", "true");
        System.getProperties().putIfAbsent("chronicle.announcer.disable", "true");
        // Chronicle logs every file mapping at INFO; its warnings and errors still show.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.net.openhft", "warn");
    }

    private Queues() {
    }

    /** A writable queue in {@code dir} rolling every {@code roll}, on the clock {@code time} (null: the system's). */
    public static SingleChronicleQueue writable(final Path dir, final JournalRoll roll, final TimeProvider time) {
        return SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(roll.chronicle())
            .timeProvider(time == null ? SystemTimeProvider.INSTANCE : time).build();
    }

    /**
     * A read-only view of the journal in {@code dir}, with the roll cycle its file names show (the
     * queue's metadata holds it too; naming it spares a warning about overriding the default).
     */
    public static SingleChronicleQueue readOnly(final Path dir) {
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.single(dir.toFile()).readOnly(true);
        final List<Path> files = cycleFiles(dir);
        if (!files.isEmpty()) {
            final String name = files.get(0).getFileName().toString();
            final String cycle = name.substring(0, name.length() - CYCLE_SUFFIX.length());
            for (final JournalRoll roll : JournalRoll.values()) {
                try {
                    DateTimeFormatter.ofPattern(roll.chronicle().format()).parse(cycle);
                    builder.rollCycle(roll.chronicle());
                    break;
                } catch (final DateTimeParseException e) {
                    // not this roll cycle's file name
                }
            }
        }
        return builder.build();
    }

    /** The cycle files in {@code dir}, oldest first (their names sort by time). */
    public static List<Path> cycleFiles(final Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            final List<Path> result = new ArrayList<>();
            files.filter(p -> p.getFileName().toString().endsWith(CYCLE_SUFFIX)).sorted().forEach(result::add);
            return result;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
