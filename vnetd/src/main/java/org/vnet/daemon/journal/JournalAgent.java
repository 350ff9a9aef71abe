package org.vnet.daemon.journal;

import java.nio.ByteBuffer;
import java.util.function.Supplier;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.inference.event.EventRecord;

/**
 * The second consumer of packet events: {@link #offer} (called on the inference agent's thread)
 * copies each record into a bounded one-to-one ring, dropping and counting it when the ring is
 * full or the journal has stopped; {@link #doWork()} (on this agent's own thread) drains the ring
 * into a {@link JournalWriter}. The first failure to open or append (an unwritable directory, a
 * full disk: Chronicle's mapped memory then faults with an {@link InternalError}) stops the
 * journal with one logged error and one count in {@code journalErrors}; nothing is thrown, and
 * every later record is counted in {@code journalDrops}.
 */
public final class JournalAgent implements Agent, EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(JournalAgent.class);
    /** Message type of a record in the journal ring. */
    static final int MSG_TYPE = 1;
    private static final int DRAIN_LIMIT = 4096;

    private final OneToOneRingBuffer ring;
    private final Supplier<JournalWriter> opener;
    private final AtomicCounter errors;
    private final AtomicCounter drops;
    private final MessageHandler onMessage = this::onMessage;
    private final MessageHandler onDropped = (type, buffer, index, length) -> countDrop();
    private final String dir;
    private JournalWriter writer;
    private volatile boolean stopped;
    private Throwable failure;
    private long appended;

    /**
     * @param config where to write; the writer is opened on the agent's thread, in {@link #onStart()}
     * @param opener opens the writer (normally {@code () -> JournalWriter.open(config)})
     * @param errors counted once when the journal stops on an error
     * @param drops  counted for every record not journaled (ring full, journal stopped)
     */
    JournalAgent(final JournalConfig config, final Supplier<JournalWriter> opener, final AtomicCounter errors,
                 final AtomicCounter drops) {
        this.ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(config.ringCapacity() + RingBufferDescriptor.TRAILER_LENGTH)));
        this.opener = opener;
        this.errors = errors;
        this.drops = drops;
        this.dir = config.dir().toString();
    }

    @Override
    public boolean offer(final DirectBuffer buffer, final int offset) {
        if (stopped || !ring.write(MSG_TYPE, buffer, offset, EventRecord.LENGTH)) {
            drops.incrementRelease();
            return false;
        }
        return true;
    }

    @Override
    public void onStart() {
        try {
            writer = opener.get();
            LOG.info("journal {}: {} files of {} kept", dir, writer.config().cycles(), writer.config().roll());
        } catch (final RuntimeException | Error e) {
            fail("cannot open", e);
        }
    }

    @Override
    public int doWork() {
        if (writer == null) {
            if (stopped) {
                // drain what was offered before the stop, counted as dropped
                return ring.read(onDropped, DRAIN_LIMIT);
            }
            onStart();
            return 1;
        }
        return ring.read(onMessage, DRAIN_LIMIT);
    }

    private void onMessage(final int type, final MutableDirectBuffer buffer, final int index,
                           final int length) {
        if (writer == null) {
            drops.incrementRelease();
            return;
        }
        try {
            writer.append(buffer, index);
            appended++;
        } catch (final RuntimeException | Error e) {
            drops.incrementRelease();
            fail("cannot append", e);
        }
    }

    private void fail(final String what, final Throwable e) {
        stopped = true;
        failure = e;
        errors.incrementRelease();
        LOG.error("journal {}: {}: {}; journaling stopped, forwarding goes on", dir, what, e.toString());
        closeWriter();
    }

    private void closeWriter() {
        final JournalWriter w = writer;
        writer = null;
        if (w != null) {
            try {
                w.close();
            } catch (final RuntimeException | Error e) {
                LOG.debug("journal {}: closing after the error: {}", dir, e.toString());
            }
        }
    }

    /** Whether the journal has stopped on an error. */
    public boolean stopped() {
        return stopped;
    }

    /** The error that stopped the journal, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Records appended so far (read it on the agent's thread, or after {@link #onClose()}). */
    public long appended() {
        return appended;
    }

    private void countDrop() {
        drops.incrementRelease();
    }

    /**
     * Journals what the ring still holds. Agrona calls this on the closing thread when the agent's
     * own thread never ran (closed right after start), so the writer may still have to be opened.
     */
    @Override
    public void onClose() {
        if (writer == null && !stopped) {
            onStart();
        }
        ring.read(writer != null ? onMessage : onDropped, Integer.MAX_VALUE);
        closeWriter();
    }

    @Override
    public String roleName() {
        return "vnet-journal";
    }
}
