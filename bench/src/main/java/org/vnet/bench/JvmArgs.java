package org.vnet.bench;

/**
 * The JVM options every frame-path benchmark fork adds, for {@code @Fork(jvmArgsAppend = ...)}: the
 * benchmark runs on a thread of the same kind as vnetd's data-plane thread. The flags every vnet
 * JVM needs (Agrona's {@code --add-opens}...) are not here: they are the one list
 * {@code tools/bin/jvm.flags}, which {@code bench/run-jmh.sh} passes to the JMH host JVM as an
 * argument file, and JMH forks start with the host's JVM arguments.
 */
public final class JvmArgs {
    /** Makes JMH take its benchmark threads from the executor named by {@link #DATA_PLANE_THREADS}. */
    public static final String CUSTOM_EXECUTOR = "-Djmh.executor=CUSTOM";
    /** {@link DataPlaneExecutor}: Netty threads, like vnetd's data-plane thread. */
    public static final String DATA_PLANE_THREADS = "-Djmh.executor.class=org.vnet.bench.DataPlaneExecutor";

    private JvmArgs() {
    }
}
