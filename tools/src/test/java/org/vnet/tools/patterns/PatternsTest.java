package org.vnet.tools.patterns;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatternsTest
{
    /**
     * Ports for {@code n} ranks. Every rank needs every peer's port before any starts and binds its own, so they
     * cannot bind port 0: the kernel picks them here, all held open at once so they differ, and they are freed just
     * before the ranks bind them (a small window in which another process could take one).
     */
    private static InetSocketAddress[] loopbackPorts(final int n) throws IOException
    {
        final InetSocketAddress[] peers = new InetSocketAddress[n];
        final ServerSocket[] probes = new ServerSocket[n];
        try
        {
            for (int i = 0; i < n; i++)
            {
                probes[i] = new ServerSocket(0);
                peers[i] = new InetSocketAddress("127.0.0.1", probes[i].getLocalPort());
            }
        }
        finally
        {
            for (final ServerSocket probe : probes)
            {
                if (null != probe)
                {
                    probe.close();
                }
            }
        }
        return peers;
    }

    @Test
    void shouldRunAllRanksToCompletionAndReportRates() throws Exception
    {
        final PatternTopology layout = new PatternTopology(PatternTopology.Kind.TORUS, 4, new int[]{ 2, 2 });
        final InetSocketAddress[] peers = loopbackPorts(4);
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try
        {
            final List<Future<Patterns.Report>> futures = new ArrayList<>();
            for (int rank = 0; rank < 4; rank++)
            {
                final int r = rank;
                futures.add(pool.submit(() -> Patterns.run(r, layout, peers, peers[r], 50, 100_000,
                    new ComputeKernel(1000, 4, 1, 1), 10_000)));
            }
            for (final Future<Patterns.Report> future : futures)
            {
                final Patterns.Report report = future.get(30, TimeUnit.SECONDS);
                assertEquals(50, report.iterations());
                assertTrue(report.rate() > 0 && report.runtimeSeconds() > 0);
                final int neighbours = layout.neighbours(report.rank()).length;
                assertEquals(51L * 100_000 * neighbours, report.bytesSent());
                assertEquals(51L * 100_000 * neighbours, report.bytesReceived());
                assertTrue(report.line().contains("rate_it_per_s="));
            }
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRejectBadCommandLine()
    {
        final StringWriter err = new StringWriter();
        final CommandLine cli = new CommandLine(new Patterns());
        cli.setErr(new PrintWriter(err));
        final int code = cli.execute("--rank", "5", "--peers", "127.0.0.1,127.0.0.1", "--topology", "ring");
        assertEquals(2, code);
        assertTrue(err.toString().contains("unknown topology 'ring'"), err.toString());
    }
}
