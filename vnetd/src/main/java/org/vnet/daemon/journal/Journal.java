package org.vnet.daemon.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;

/**
 * A running journal: a {@link JournalAgent} on its own thread ("vnet-journal"). The inference
 * agent hands it every record through {@link #offer}; {@link #close()} appends what is left in the
 * ring and closes the queue.
 */
public final class Journal implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    /** How long the agent sleeps when the ring is empty. */
    static final long IDLE_MILLIS = 1;

    private final JournalAgent agent;
    private final AgentRunner runner;

    private Journal(final JournalAgent agent, final AgentRunner runner) {
        this.agent = agent;
        this.runner = runner;
    }

    /**
     * Starts the journal agent's thread. Never fails on the journal directory: an unwritable one
     * stops the journal with a logged error and a count in {@code journalErrors}.
     *
     * @param config    directory, roll cycle, retention
     * @param telemetry where {@code journalErrors} and {@code journalDrops} are counted
     */
    public static Journal start(final JournalConfig config, final Telemetry telemetry) {
        return start(config, telemetry, null);
    }

    static Journal start(final JournalConfig config, final Telemetry telemetry, final TimeProvider time) {
        final JournalAgent agent = new JournalAgent(config, () -> JournalWriter.open(config, time),
            telemetry.counter(SystemCounter.JOURNAL_ERRORS), telemetry.counter(SystemCounter.JOURNAL_DROPS));
        final AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(IDLE_MILLIS), e -> {
            telemetry.increment(SystemCounter.ERRORS);
            LOG.warn("journal agent: {}", e.toString());
        }, null, agent);
        AgentRunner.startOnThread(runner);
        return new Journal(agent, runner);
    }

    @Override
    public boolean offer(final DirectBuffer buffer, final int offset) {
        return agent.offer(buffer, offset);
    }

    /** The agent (its counts and state). */
    public JournalAgent agent() {
        return agent;
    }

    /** Stops the thread after it has journaled what the ring holds. */
    @Override
    public void close() {
        runner.close();
    }
}
