package org.vnet.daemon.state;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.vnet.daemon.journal.JournalConfig;
import org.vnet.journal.JournalRoll;
import org.vnet.journal.Queues;
import org.vnet.daemon.model.NetworkState;

/**
 * The daemon side of {@link StateKillTest}: opens the {@link DurableState} of the state file
 * {@code args[0]} (compacting every {@code args[2]} ms), checks that it recovered the state after
 * change {@code args[1]} of the {@link ChangeStream} or the one after (-1: nothing persisted yet,
 * then it saves {@link ChangeStream#START} as change 0), prints {@code start K} with the change it
 * found, then saves changes K+1, K+2... as fast as it can, printing {@code ack K} after each save
 * returned, until it is killed. Each line leaves in one write(2), so a kill never cuts one.
 * A recovered state that is neither prints {@code mismatch ...} and exits with status 2.
 * <p>
 * With {@code args[3]} = N, after N changes it starts one more journal record, writes half of it,
 * prints {@code inside} and waits to be killed there, inside the append.
 */
public final class StateChangerMain {
    private StateChangerMain() {
    }

    public static void main(final String[] args) throws Exception {
        final Path file = Path.of(args[0]);
        final long acked = Long.parseLong(args[1]);
        final long interval = Long.parseLong(args[2]);
        final PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 12),
            false, StandardCharsets.US_ASCII);
        final DurableState d = DurableState.open(file, new DurableState.Settings(interval, 1_000));
        final long stallAfter = args.length > 3 ? Long.parseLong(args[3]) : Long.MAX_VALUE;
        long k;
        NetworkState state;
        if (acked < 0) {
            if (d.loaded().isPresent()) {
                out.println("mismatch: nothing was acknowledged but " + ChangeStream.describe(d.loaded().get()) + " was recovered");
                out.flush();
                System.exit(2);
            }
            state = ChangeStream.START;
            d.save(state);
            k = 0;
            out.println("ack 0");
        } else {
            final NetworkState atAcked = ChangeStream.at(acked);
            final NetworkState recovered = d.loaded().orElse(NetworkState.EMPTY);
            if (ChangeStream.same(atAcked, recovered)) {
                k = acked;
            } else if (ChangeStream.same(ChangeStream.next(atAcked, acked + 1), recovered)) {
                k = acked + 1;
            } else {
                out.println("mismatch: acknowledged up to change " + acked + " (" + ChangeStream.describe(atAcked)
                    + ") but recovered " + ChangeStream.describe(recovered));
                out.flush();
                System.exit(2);
                return;
            }
            state = recovered;
            out.println("start " + k + " ignored " + d.ignoredAtOpen());
        }
        out.flush();
        while (true) {
            if (k == stallAfter) {
                stallInsideAnAppend(d.journalDir(), out);
            }
            k++;
            state = ChangeStream.next(state, k);
            d.save(state);
            out.println("ack " + k);
            out.flush();
        }
    }

    private static void stallInsideAnAppend(final Path journalDir, final PrintStream out) throws InterruptedException {
        final SingleChronicleQueue queue = Queues.writable(journalDir, JournalRoll.HOURLY, null);
        final ExcerptAppender appender = queue.createAppender();
        final DocumentContext dc = appender.writingDocument();
        dc.wire().bytes().writeInt(DeltaCodec.MAGIC).writeInt(1_000).writeLong(Long.MAX_VALUE);
        out.println("inside");
        out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
