package org.vnet.tools.patterns;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code patterns}: one rank of the Patterns BSP benchmark (the thesis' ground-truth generator). Every rank runs
 * the same loop: compute (flops and memory reads/writes per element), then exchange one message with each
 * neighbour over TCP, for a number of iterations; at the end it prints its true iteration rate and run time.
 * <p>
 * Start one per VM (network namespace) with the same {@code --peers} list and its own {@code --rank}:
 * <pre>
 *   patterns --rank 0 --peers 10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4 --topology torus --dims 2x2 \
 *            --iterations 1000 --message-size 4000 --elements 100000 --flops 20
 * </pre>
 */
@Command(name = "patterns", mixinStandardHelpOptions = true, version = "patterns 0.1.0",
    description = "One rank of the Patterns BSP benchmark: compute, exchange with neighbours over TCP, repeat; "
        + "prints the true iteration rate and run time.")
public final class Patterns implements Callable<Integer>
{
    /** Default TCP port every rank listens on. */
    public static final int PORT_DEFAULT = 5999;

    @Option(names = "--rank", required = true, description = "this process's rank (0-based)")
    private int rank;

    @Option(names = "--peers", required = true, split = ",", paramLabel = "HOST[:PORT]",
        description = "listen address of every rank, in rank order (port defaults to --port)")
    private String[] peers;

    @Option(names = "--port", defaultValue = "" + PORT_DEFAULT, description = "default port (${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--bind", description = "address to listen on (default: this rank's --peers entry)")
    private String bind;

    @Option(names = "--topology", defaultValue = "torus",
        description = "mesh, torus, hypercube, tree, all-to-all (${DEFAULT-VALUE})")
    private String topology;

    @Option(names = "--dims", description = "mesh/torus sides, e.g. 4x3 (default: near-square 2-D)")
    private String dims;

    @Option(names = "--iterations", defaultValue = "100", description = "BSP iterations (${DEFAULT-VALUE})")
    private int iterations;

    @Option(names = "--message-size", defaultValue = "4000", description = "bytes per message (${DEFAULT-VALUE})")
    private int messageSize;

    @Option(names = "--elements", defaultValue = "100000",
        description = "elements computed per iteration (${DEFAULT-VALUE})")
    private int elements;

    @Option(names = "--flops", defaultValue = "10", description = "floating-point ops per element (${DEFAULT-VALUE})")
    private int flops;

    @Option(names = "--reads", defaultValue = "1", description = "memory reads per element (${DEFAULT-VALUE})")
    private int reads;

    @Option(names = "--writes", defaultValue = "1", description = "memory writes per element (${DEFAULT-VALUE})")
    private int writes;

    @Option(names = "--timeout", defaultValue = "30000",
        description = "ms to wait for neighbours to connect (${DEFAULT-VALUE})")
    private long timeoutMs;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** What one rank measured. */
    public record Report(int rank, String topology, int iterations, double runtimeSeconds, double rate,
        long bytesSent, long bytesReceived, double checksum)
    {
        /** One line of key=value pairs. */
        public String line()
        {
            return String.format(Locale.ROOT, "patterns rank=%d topology=%s iterations=%d runtime_s=%.6f " +
                "rate_it_per_s=%.4f bytes_sent=%d bytes_received=%d checksum=%.6e", rank, topology.replace(' ', ':'),
                iterations, runtimeSeconds, rate, bytesSent, bytesReceived, checksum);
        }
    }

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new Patterns()).execute(args));
    }

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PatternTopology layout;
        final InetSocketAddress[] addresses = new InetSocketAddress[peers.length];
        try
        {
            layout = new PatternTopology(PatternTopology.Kind.parse(topology), peers.length,
                dims == null ? null : PatternTopology.parseDims(dims));
            if (rank < 0 || rank >= peers.length)
            {
                throw new IllegalArgumentException("--rank " + rank + " outside 0.." + (peers.length - 1));
            }
            if (iterations < 1 || messageSize < 1)
            {
                throw new IllegalArgumentException("--iterations and --message-size must be positive");
            }
            for (int i = 0; i < peers.length; i++)
            {
                addresses[i] = address(peers[i], port);
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage(), ex);
        }
        final InetSocketAddress listen = bind == null ? addresses[rank] : address(bind, addresses[rank].getPort());
        final Report report = run(rank, layout, addresses, listen, iterations, messageSize,
            new ComputeKernel(elements, flops, reads, writes), timeoutMs);
        out.println(report.line());
        out.flush();
        return 0;
    }

    private static InetSocketAddress address(final String text, final int defaultPort)
    {
        final int colon = text.lastIndexOf(':');
        if (colon > 0 && text.indexOf(':') == colon)
        {
            return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        }
        return new InetSocketAddress(text, defaultPort);
    }

    /**
     * Run one rank to completion.
     *
     * @return what it measured: run time from the first compute phase to the end of the last exchange.
     * @throws IOException if the neighbours cannot be reached or fail.
     */
    public static Report run(final int rank, final PatternTopology layout, final InetSocketAddress[] peers,
        final InetSocketAddress bind, final int iterations, final int messageSize, final ComputeKernel kernel,
        final long timeoutMs) throws IOException
    {
        try (BspExchange exchange = new BspExchange(rank, layout.neighbours(rank), peers, bind, messageSize,
            timeoutMs))
        {
            exchange.exchange();
            double checksum = 0;
            final long start = System.nanoTime();
            for (int i = 0; i < iterations; i++)
            {
                checksum += kernel.run();
                exchange.exchange();
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            return new Report(rank, layout.describe(), iterations, seconds, iterations / seconds,
                exchange.bytesSent(), exchange.bytesReceived(), checksum);
        }
    }
}
