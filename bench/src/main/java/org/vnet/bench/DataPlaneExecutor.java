package org.vnet.bench;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * JMH's worker threads made like vnetd's data-plane thread: Netty {@code FastThreadLocalThread}s
 * from a {@link DefaultThreadFactory}, as the daemon's event loop group uses. Netty 4.2 recycles
 * buffer objects and keeps pooled-allocator caches only on such threads, so on JMH's plain
 * threads every encapsulation would allocate what the daemon does not. Selected in each fork by
 * {@code -Djmh.executor=CUSTOM -Djmh.executor.class=} this class (see {@link JvmArgs}).
 */
public final class DataPlaneExecutor extends ThreadPoolExecutor {
    /**
     * Signature JMH requires of a custom executor.
     *
     * @param threads number of worker threads
     * @param prefix  thread name prefix
     */
    public DataPlaneExecutor(final int threads, final String prefix) {
        super(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
            new DefaultThreadFactory(prefix + "-dataplane", true));
    }
}
