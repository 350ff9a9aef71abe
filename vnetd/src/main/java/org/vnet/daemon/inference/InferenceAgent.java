package org.vnet.daemon.inference;

import java.util.concurrent.CompletableFuture;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.MessageHandler;
import org.vnet.daemon.telemetry.EventRing;
import org.vnet.inference.engine.AnalysisResult;
import org.vnet.inference.engine.InferenceConfig;
import org.vnet.inference.engine.InferenceEngine;
import org.vnet.inference.event.EventRecord;

/**
 * Drains the event ring into the inference engine on its own thread, and answers requests for
 * the current analysis (traffic matrix, topology, RIR, BIC...) computed on that same thread, so
 * the engine is never shared. The data plane is never slowed by it: a slow agent only fills the
 * ring, whose overflow is dropped and counted.
 */
public final class InferenceAgent implements Agent {
    private static final int DRAIN_LIMIT = 4096;

    private final EventRing ring;
    private final InferenceEngine engine;
    private final EventRecord record = new EventRecord();
    private final MessageHandler onMessage;
    private final ManyToOneConcurrentArrayQueue<CompletableFuture<AnalysisResult>> requests =
        new ManyToOneConcurrentArrayQueue<>(64);

    /**
     * @param ring   the data plane's event ring
     * @param config inference parameters
     */
    public InferenceAgent(final EventRing ring, final InferenceConfig config) {
        this.ring = ring;
        this.engine = new InferenceEngine(config);
        this.onMessage = (type, buffer, index, length) -> {
            if (type == EventRing.EVENT_MSG_TYPE && length == EventRecord.LENGTH) {
                engine.onEvent(record.wrap(buffer, index));
            }
        };
    }

    @Override
    public int doWork() {
        int work = ring.drain(onMessage, DRAIN_LIMIT);
        CompletableFuture<AnalysisResult> request;
        while ((request = requests.poll()) != null) {
            try {
                request.complete(engine.result());
            } catch (final RuntimeException e) {
                request.completeExceptionally(e);
            }
            work++;
        }
        return work;
    }

    /**
     * Asks for the current analysis; completes on the agent's thread.
     *
     * @return a future, failed at once if too many requests are pending
     */
    public CompletableFuture<AnalysisResult> analysis() {
        final CompletableFuture<AnalysisResult> f = new CompletableFuture<>();
        if (!requests.offer(f)) {
            f.completeExceptionally(new IllegalStateException("too many analysis requests pending"));
        }
        return f;
    }

    /** Events the engine has consumed. */
    public long events() {
        return engine.events();
    }

    @Override
    public String roleName() {
        return "vnet-inference";
    }
}
