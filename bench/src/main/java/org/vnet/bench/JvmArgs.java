package org.vnet.bench;

/**
 * The JVM options every benchmark fork gets, for {@code @Fork(jvmArgsAppend = ...)}: Agrona
 * reaches into {@code jdk.internal.misc} and NIO internals, as in the daemon's launchers, and the
 * benchmark runs on a thread of the same kind as vnetd's data-plane thread.
 */
public final class JvmArgs {
    /** Opens {@code jdk.internal.misc} (Agrona's Unsafe access). */
    public static final String OPEN_MISC = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** Opens {@code java.nio} (direct buffer addresses). */
    public static final String OPEN_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    /** Opens {@code sun.nio.ch} (unmapping the counters file). */
    public static final String OPEN_NIO_CH = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    /** Makes JMH take its benchmark threads from the executor named by {@link #DATA_PLANE_THREADS}. */
    public static final String CUSTOM_EXECUTOR = "-Djmh.executor=CUSTOM";
    /** {@link DataPlaneExecutor}: Netty threads, like vnetd's data-plane thread. */
    public static final String DATA_PLANE_THREADS = "-Djmh.executor.class=org.vnet.bench.DataPlaneExecutor";

    private JvmArgs() {
    }
}
