package org.vnet.inference.testing;

import org.agrona.concurrent.UnsafeBuffer;
import org.vnet.inference.event.EventHandler;
import org.vnet.inference.event.EventEncoder;
import org.vnet.inference.event.EventRecord;
import org.vnet.inference.packet.Tcp;
import org.vnet.inference.vttif.Graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates the packets of a synthetic BSP application as one switch in the middle would see them: each process
 * computes, sends one message (split into MSS segments, each ACKed by the receiver) to every neighbour, then waits
 * for its neighbours' messages of that iteration before the next one. One process may be slowed down.
 */
public final class BspTrace
{
    public static final int MSS = 1448;

    /** One frame as observed. */
    public record Frame(long timeNs, int src, int dst, int seq, int ack, int flags, int payload)
    {
    }

    private final Graph topology;
    private final int iterations;
    private final long computeNs;
    private final int messageBytes;
    private final long latencyNs;
    private final long segmentGapNs;
    private final long ackDelayNs;
    private final int slowed;
    private final double slowFactor;
    private final double jitter;
    private final long seed;
    /** Segments a sender may send before it waits {@link #stallNs} for the window (0 = never waits). */
    private final int window;
    private final long stallNs;
    /** Whether the stack pushes the last segment before each wait for the window (Linux's forced push). */
    private final boolean forcedPush;

    private final List<Frame> frames = new ArrayList<>();
    private long runtimeNs;

    /**
     * As the other constructor, but each message is sent as a stack with a small congestion window sends it: PSH only
     * on its last segment, and after every {@code window} segments a wait of {@code stallNs} for ACKs.
     */
    public static BspTrace windowLimited(final Graph topology, final int iterations, final long computeNs,
        final int messageBytes, final int window, final long stallNs, final long seed)
    {
        return new BspTrace(topology, iterations, computeNs, messageBytes, -1, 1.0, seed, window, stallNs, false);
    }

    /** As {@link #windowLimited}, with PSH also on the last (full) segment before each wait: a forced push. */
    public static BspTrace forcedPush(final Graph topology, final int iterations, final long computeNs,
        final int messageBytes, final int window, final long stallNs, final long seed)
    {
        return new BspTrace(topology, iterations, computeNs, messageBytes, -1, 1.0, seed, window, stallNs, true);
    }

    public BspTrace(final Graph topology, final int iterations, final long computeNs, final int messageBytes,
        final int slowed, final double slowFactor, final long seed)
    {
        this(topology, iterations, computeNs, messageBytes, slowed, slowFactor, seed, 0, 0, false);
    }

    private BspTrace(final Graph topology, final int iterations, final long computeNs, final int messageBytes,
        final int slowed, final double slowFactor, final long seed, final int window, final long stallNs,
        final boolean forcedPush)
    {
        this.window = window;
        this.forcedPush = forcedPush;
        this.stallNs = stallNs;
        this.topology = topology;
        this.iterations = iterations;
        this.computeNs = computeNs;
        this.messageBytes = messageBytes;
        this.latencyNs = 40_000;
        this.segmentGapNs = 12_000;
        this.ackDelayNs = 5_000;
        this.slowed = slowed;
        this.slowFactor = slowFactor;
        this.jitter = 0.03;
        this.seed = seed;
        generate();
    }

    public static long mac(final int process)
    {
        return 0x02_00_00_00_10_00L | (process + 1);
    }

    public static int ip(final int process)
    {
        return Frames.ip(10, 0, 0, process + 1);
    }

    private static int port(final int a, final int b)
    {
        return 20000 + a * 100 + b;
    }

    private void generate()
    {
        final int n = topology.vertexCount();
        final Random random = new Random(seed);
        final int[][] seq = new int[n][n];
        final int[][] nextExpected = new int[n][n];
        final long t0 = 1_000_000_000L;
        for (int a = 0; a < n; a++)
        {
            for (int i = 0; i < topology.degree(a); i++)
            {
                final int b = topology.neighbour(a, i);
                seq[a][b] = random.nextInt();
            }
        }
        for (int a = 0; a < n; a++)
        {
            for (int i = 0; i < topology.degree(a); i++)
            {
                final int b = topology.neighbour(a, i);
                if (a < b)
                {
                    final long t = t0 - 10_000_000L + (a * n + b) * 200_000L;
                    observe(t, a, b, seq[a][b], 0, Tcp.SYN, 0);
                    seq[a][b]++;
                    observe(t + latencyNs + ackDelayNs, b, a, seq[b][a], seq[a][b],
                        Tcp.SYN | Tcp.ACK, 0);
                    seq[b][a]++;
                    observe(t + 2 * (latencyNs + ackDelayNs), a, b, seq[a][b], seq[b][a], Tcp.ACK, 0);
                    nextExpected[b][a] = seq[a][b];
                    nextExpected[a][b] = seq[b][a];
                }
            }
        }
        long[] start = new long[n];
        java.util.Arrays.fill(start, t0);
        long end = t0;
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            final long[] ready = new long[n];
            final long[] sendEnd = new long[n];
            final long[][] arrival = new long[n][n];
            final int[][] acked = new int[n][];
            for (int p = 0; p < n; p++)
            {
                acked[p] = seq[p].clone();
            }
            for (int p = 0; p < n; p++)
            {
                final double factor = (p == slowed ? slowFactor : 1.0) * (1 + jitter * (2 * random.nextDouble() - 1));
                long t = start[p] + (long)(computeNs * factor);
                for (int i = 0; i < topology.degree(p); i++)
                {
                    final int q = topology.neighbour(p, i);
                    int remaining = messageBytes;
                    int sent = 0;
                    while (remaining > 0)
                    {
                        final int segment = Math.min(MSS, remaining);
                        if (window > 0 && sent > 0 && sent % window == 0)
                        {
                            t += stallNs;
                        }
                        final boolean push = window == 0 || segment == remaining ||
                            forcedPush && (sent + 1) % window == 0;
                        observe(t, p, q, seq[p][q], acked[q][p],
                            Tcp.ACK | (push ? Tcp.PSH : 0), segment);
                        sent++;
                        seq[p][q] += segment;
                        final long arrive = t + latencyNs;
                        observe(arrive + ackDelayNs, q, p, acked[q][p], seq[p][q], Tcp.ACK, 0);
                        arrival[p][q] = arrive;
                        remaining -= segment;
                        t += segmentGapNs;
                    }
                }
                sendEnd[p] = t;
            }
            for (int q = 0; q < n; q++)
            {
                ready[q] = sendEnd[q];
                for (int i = 0; i < topology.degree(q); i++)
                {
                    ready[q] = Math.max(ready[q], arrival[topology.neighbour(q, i)][q]);
                }
                end = Math.max(end, ready[q]);
            }
            start = ready;
        }
        runtimeNs = end - t0;
        frames.sort((x, y) -> Long.compare(x.timeNs(), y.timeNs()));
    }

    private void observe(final long sentNs, final int src, final int dst, final int seq, final int ack,
        final int flags, final int payload)
    {
        frames.add(new Frame(sentNs + latencyNs / 2, src, dst, seq, ack, flags, payload));
    }

    /** True iteration rate: iterations per second of run time. */
    public double trueRate()
    {
        return iterations / (runtimeNs / 1e9);
    }

    public long runtimeNs()
    {
        return runtimeNs;
    }

    public List<Frame> frames()
    {
        return frames;
    }

    /** The Ethernet bytes of a frame. */
    public static byte[] bytes(final Frame f)
    {
        return Frames.tcp4(mac(f.src()), mac(f.dst()), ip(f.src()), ip(f.dst()), port(f.src(), f.dst()),
            port(f.dst(), f.src()), f.seq(), f.ack(), f.flags(), f.payload());
    }

    /** Encode every frame and hand it to the handler in time order. */
    public void feed(final EventHandler handler)
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[EventRecord.LENGTH]);
        final EventRecord record = new EventRecord();
        final EventEncoder encoder = new EventEncoder();
        for (final Frame f : frames)
        {
            final byte[] bytes = bytes(f);
            encoder.encode(out, 0, f.timeNs(), 0, EventRecord.DIRECTION_UNKNOWN, new UnsafeBuffer(bytes), 0,
                bytes.length, bytes.length);
            handler.onEvent(record.wrap(out, 0));
        }
    }
}
