package org.vnet.daemon.inference;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.vnet.daemon.datapath.KernelEvents;
import org.vnet.daemon.journal.EventSink;
import org.vnet.inference.engine.AnalysisResult;
import org.vnet.inference.engine.InferenceConfig;
import org.vnet.inference.engine.InferenceEngine;
import org.vnet.inference.event.EventHandler;
import org.vnet.inference.event.EventRing;

/**
 * Drains the event ring into the inference engine (and the journal) on its own thread, moving the
 * kernel data path's events into the ring first when there is one, and answers requests for
 * the current analysis (traffic matrix, topology, RIR, BIC...) computed on that same thread, so
 * the engine is never shared. The data plane never waits for it: a slow agent only fills the
 * ring, whose overflow is dropped and counted.
 */
public final class InferenceAgent implements Agent {
    private static final int DRAIN_LIMIT = 4096;

    private final EventRing ring;
    private final KernelEvents kernelEvents;
    private final InferenceEngine engine;
    private final EventHandler onEvent;
    private final ManyToOneConcurrentArrayQueue<CompletableFuture<AnalysisResult>> requests =
        new ManyToOneConcurrentArrayQueue<>(64);
    private final ManyToOneConcurrentArrayQueue<CompletableFuture<GlobalView.Result>> globalRequests =
        new ManyToOneConcurrentArrayQueue<>(64);
    private final ManyToOneConcurrentArrayQueue<Received> inbox = new ManyToOneConcurrentArrayQueue<>(1024);
    private final InferenceConfig config;
    private final GlobalView view;
    private final Consumer<byte[]> publisher;
    private final long periodMillis;
    private final Runnable onBadSummary;
    private long nextPublishMillis;
    private volatile Supplier<long[]> localMacs = () -> new long[0];

    private record Received(String link, byte[] payload) {
    }

    /**
     * @param ring         the event ring (this agent is its consumer)
     * @param config       inference parameters
     * @param view         the global view this daemon keeps
     * @param publisher    sends an encoded {@link Summary} to every peer (called on this agent's thread)
     * @param periodMillis how often the summary goes out
     * @param onBadSummary called for each malformed summary received
     * @param journal      where each record goes after the engine ({@link EventSink#NONE} when journaling is off)
     */
    public InferenceAgent(final EventRing ring, final InferenceConfig config, final GlobalView view,
                          final Consumer<byte[]> publisher, final long periodMillis, final Runnable onBadSummary,
                          final EventSink journal) {
        this(ring, null, config, view, publisher, periodMillis, onBadSummary, journal);
    }

    /**
     * As the other constructor, also moving the kernel data path's events into the ring.
     *
     * @param kernelEvents the kernel data path's event reader, producing into {@code ring}, or null
     */
    public InferenceAgent(final EventRing ring, final KernelEvents kernelEvents, final InferenceConfig config,
                          final GlobalView view, final Consumer<byte[]> publisher, final long periodMillis,
                          final Runnable onBadSummary, final EventSink journal) {
        this.ring = ring;
        this.kernelEvents = kernelEvents;
        this.config = config;
        this.view = view;
        this.publisher = publisher;
        this.periodMillis = periodMillis;
        this.onBadSummary = onBadSummary;
        this.engine = new InferenceEngine(config);
        this.onEvent = r -> {
            engine.onEvent(r);
            journal.offer(r.buffer(), r.offset());
        };
    }

    @Override
    public int doWork() {
        int work = kernelEvents == null ? 0 : kernelEvents.poll(DRAIN_LIMIT);
        work += ring.poll(onEvent, DRAIN_LIMIT);
        final long now = System.currentTimeMillis();
        Received received;
        while ((received = inbox.poll()) != null) {
            try {
                view.onSummary(Summary.decode(received.payload()), received.link(), now);
            } catch (final IllegalArgumentException e) {
                onBadSummary.run();
            }
            work++;
        }
        if (now >= nextPublishMillis) {
            nextPublishMillis = now + periodMillis;
            view.localMacs(localMacs.get());
            publisher.accept(view.outgoing(engine.localMatrix(), now).encode());
            work++;
        }
        CompletableFuture<GlobalView.Result> global;
        while ((global = globalRequests.poll()) != null) {
            try {
                global.complete(view.result(engine.localMatrix(), config.alpha(), now));
            } catch (final RuntimeException e) {
                global.completeExceptionally(e);
            }
            work++;
        }
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

    /** Asks for the global view (this daemon's matrix reduced with its peers'); completes on the agent's thread. */
    public CompletableFuture<GlobalView.Result> globalView() {
        final CompletableFuture<GlobalView.Result> f = new CompletableFuture<>();
        if (!globalRequests.offer(f)) {
            f.completeExceptionally(new IllegalStateException("too many requests pending"));
        }
        return f;
    }

    /** Hands a SUMMARY payload received from a peer to the agent; drops it if the inbox is full. */
    public void onSummary(final byte[] payload) {
        onSummary(null, payload);
    }

    /** Hands a SUMMARY payload received on {@code link} to the agent; drops it if the inbox is full. */
    public void onSummary(final String link, final byte[] payload) {
        if (!inbox.offer(new Received(link, payload))) {
            onBadSummary.run();
        }
    }

    /** Where the MACs on this daemon's interfaces come from (read on this agent's thread before each summary). */
    public void localMacs(final Supplier<long[]> supplier) {
        this.localMacs = supplier;
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
