package org.vnet.journal;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.vnet.inference.event.EventHandler;
import org.vnet.inference.event.EventRecord;
import org.vnet.inference.event.EventSource;

/**
 * Reads a journal directory from its oldest kept record, in append order, as an {@link EventSource}.
 * A record still being written (or cut short by {@code kill -9} of the writer) is not delivered:
 * Chronicle only shows complete excerpts. Opened with {@code follow} false the source is exhausted
 * at the first point where no complete record follows (offline analysis and export); with
 * {@code follow} true it keeps tailing a live journal and is never exhausted. Excerpts that are
 * not {@value EventExcerpt#LENGTH} bytes long are skipped and counted. No allocation per record.
 */
public final class JournalSource implements EventSource {
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final boolean follow;
    private final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(EventExcerpt.LENGTH));
    private final EventRecord record = new EventRecord();
    private boolean exhausted;
    private long recordsRead;
    private long skipped;

    private JournalSource(final SingleChronicleQueue queue, final boolean follow) {
        this.queue = queue;
        this.follow = follow;
        this.tailer = queue.createTailer().toStart();
    }

    /**
     * Opens the journal in {@code dir}, read-only.
     *
     * @param follow keep tailing for records appended later (never exhausted)
     * @throws IllegalArgumentException if {@code dir} is not a directory holding a journal
     */
    public static JournalSource open(final Path dir, final boolean follow) {
        if (!isJournal(dir)) {
            throw new IllegalArgumentException((Files.isDirectory(dir) ? "no journal in " : "no such directory: ") + dir
                + (Files.isDirectory(dir) ? " (no " + Queues.CYCLE_SUFFIX + " files)" : ""));
        }
        return new JournalSource(Queues.readOnly(dir), follow);
    }

    /** Whether {@code dir} is a directory holding at least one journal cycle file. */
    public static boolean isJournal(final Path dir) {
        return Files.isDirectory(dir) && !Queues.cycleFiles(dir).isEmpty();
    }

    @Override
    public int poll(final EventHandler handler, final int limit) {
        int delivered = 0;
        while (delivered < limit) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    exhausted = !follow;
                    break;
                }
                if (dc.isMetaData() || !EventExcerpt.read(dc.wire().bytes(), scratch)) {
                    skipped++;
                    continue;
                }
            }
            recordsRead++;
            delivered++;
            handler.onEvent(record.wrap(scratch, 0));
        }
        return delivered;
    }

    /** Records delivered so far. */
    public long recordsRead() {
        return recordsRead;
    }

    /** Excerpts skipped because they were not event records. */
    public long skipped() {
        return skipped;
    }

    @Override
    public boolean isExhausted() {
        return exhausted;
    }

    @Override
    public void close() {
        tailer.close();
        queue.close();
    }
}
