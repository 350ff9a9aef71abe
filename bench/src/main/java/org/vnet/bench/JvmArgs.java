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
    /** Chronicle Queue on Java 17 (the change journal), with {@link #OPEN_MISC}, {@link #OPEN_NIO}, {@link #OPEN_NIO_CH}. */
    public static final String CHRONICLE_EXPORT_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    /** Chronicle Queue. */
    public static final String CHRONICLE_EXPORT_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    /** Chronicle Queue. */
    public static final String CHRONICLE_EXPORT_MISC = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    /** Chronicle Queue. */
    public static final String CHRONICLE_OPEN_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    /** Chronicle Queue. */
    public static final String CHRONICLE_OPEN_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    /** Chronicle Queue. */
    public static final String CHRONICLE_OPEN_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    /** Chronicle Queue. */
    public static final String CHRONICLE_OPEN_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
    /** Chronicle Queue: no usage reports. */
    public static final String CHRONICLE_NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    /** Makes JMH take its benchmark threads from the executor named by {@link #DATA_PLANE_THREADS}. */
    public static final String CUSTOM_EXECUTOR = "-Djmh.executor=CUSTOM";
    /** {@link DataPlaneExecutor}: Netty threads, like vnetd's data-plane thread. */
    public static final String DATA_PLANE_THREADS = "-Djmh.executor.class=org.vnet.bench.DataPlaneExecutor";

    private JvmArgs() {
    }
}
