package org.vnet.daemon.journal;

import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.vnet.journal.JournalRoll;

/**
 * A writer process for {@link KillTest}: appends records 0, 1, 2... to the journal in {@code args[0]}
 * as fast as it can, printing "ready" after the first 20,000, until it is killed.
 */
public final class JournalWriterMain {
    private JournalWriterMain() {
    }

    public static void main(final String[] args) {
        final JournalWriter writer = JournalWriter.open(new JournalConfig(Path.of(args[0]), JournalRoll.HOURLY, 24));
        final UnsafeBuffer b = Records.buffer();
        for (long i = 0; ; i++) {
            writer.append(Records.record(i, b), 0);
            if (i == 20_000) {
                System.out.println("ready");
                System.out.flush();
            }
        }
    }
}
