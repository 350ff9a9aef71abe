package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.vnet.testing.Await;

/**
 * A long-lived TCP flow between two VMs of a testbed ({@code tools/src/test/resources/e2e/faults.py}):
 * the sink reports the bytes it has received as they arrive, the source sends a paced deterministic
 * stream until told to stop; at the end both print the byte count and SHA-256 of the stream.
 */
final class TcpFlow {
    static final Path SCRIPT = Testbed.ROOT.resolve("tools/src/test/resources/e2e/faults.py");

    private final Testbed tb;
    private final String sink;
    private final String source;
    private final Path stop;

    private TcpFlow(final Testbed tb, final String sink, final String source, final Path stop) {
        this.tb = tb;
        this.sink = sink;
        this.source = source;
        this.stop = stop;
    }

    /** Starts a flow from VM {@code from} to VM {@code to} on TCP port {@code port}, once the sink listens. */
    static TcpFlow start(final Testbed tb, final int from, final int to, final int port) {
        final String sink = "flow-sink-" + port;
        final String source = "flow-source-" + port;
        final Path stop = tb.runDir().resolve("flow-stop-" + port);
        tb.spawn(sink, tb.vmNs(to), "python3", SCRIPT.toString(), "sink", Integer.toString(port));
        tb.awaitListening(tb.vmNs(to), "tcp", port);
        tb.spawn(source, tb.vmNs(from), "python3", SCRIPT.toString(), "until-stop", tb.vmIp(to),
            Integer.toString(port), stop.toString());
        return new TcpFlow(tb, sink, source, stop);
    }

    /** The bytes the sink has received so far (its last report). */
    long received() {
        final String[] lines = tb.log(sink).trim().split("\n");
        final String[] f = lines[lines.length - 1].split(" ");
        return f.length >= 2 && ("progress".equals(f[0]) || "done".equals(f[0])) ? Long.parseLong(f[1]) : 0;
    }

    /** Waits until the sink has received more than {@code bytes}; returns what it has. */
    long awaitReceivedBeyond(final long bytes, final int seconds) {
        return Await.until(Duration.ofSeconds(seconds), "the flow's sink to receive more than " + bytes + " bytes",
            this::received, n -> n > bytes);
    }

    /**
     * Tells the source to stop, waits until both ends have finished and asserts that the sink
     * received exactly the stream the source sent; returns the byte count.
     */
    long stopAndAssertIntact(final int seconds) {
        try {
            Files.createFile(stop);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final String sent = Await.until(Duration.ofSeconds(seconds), "the flow's source to finish",
            () -> lastLine(tb.log(source)), s -> s.startsWith("sent "));
        final String done = Await.until(Duration.ofSeconds(seconds), "the flow's sink to finish",
            () -> lastLine(tb.log(sink)), s -> s.startsWith("done "));
        assertEquals(sent.substring("sent ".length()), done.substring("done ".length()),
            "bytes and SHA-256 the sink received = what the source sent");
        final long bytes = Long.parseLong(done.split(" ")[1]);
        assertTrue(bytes > 0, done);
        return bytes;
    }

    private static String lastLine(final String log) {
        final String[] lines = log.trim().split("\n");
        return lines[lines.length - 1];
    }
}
