package org.vnet.bench.control;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vnet.bench.telemetry.TempCounters;
import org.vnet.daemon.conductor.Conductor;
import org.vnet.daemon.control.ControlServer;
import org.vnet.daemon.VnetdContext;
import org.vnet.daemon.link.Links;
import org.vnet.daemon.tap.TapPolicy;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.switching.MacTable;
import org.vnet.daemon.switching.Switch;

/**
 * One {@code rule.add} and its {@code rule.del} over the control socket, one request in flight,
 * to a {@link Conductor} on a real data-plane loop whose persister does nothing: the control path
 * (socket, Netty pipeline on the data-plane loop as in vnetd, Jackson, command table, conductor,
 * forwarding table) without the state file. {@code rules} rules stay in the table meanwhile. Sample time gives the
 * percentiles of the pair.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class ControlRoundTripBenchmark {
    /** Rules already in the table. */
    @Param({"0", "1000"})
    public int rules;

    private TempCounters counters;
    private MultiThreadIoEventLoopGroup group;
    private Links links;
    private Conductor conductor;
    private ControlServer server;
    private SocketChannel client;
    private Path dir;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer add = ByteBuffer.wrap(
        "{\"cmd\":\"rule.add\",\"dst\":\"02:c1:ff:00:00:01\",\"to\":\"link:peer\"}\n".getBytes(StandardCharsets.UTF_8));

    /** A daemon with one UDP link and {@link #rules} rules, and a connected client. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        counters = TempCounters.create();
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        final var loop = group.next();
        final Switch sw = new Switch(new MacTable(1000, 16), counters.telemetry(), false);
        links = new Links(loop, sw, counters.telemetry(), null, new VnetdContext().name("bench").conclude());
        links.listen(Transport.UDP, new InetSocketAddress("127.0.0.1", 0));
        conductor = new Conductor("bench", false, loop, sw, links, counters.telemetry(), s -> { }, 1400,
            new TapPolicy(true, true, true));
        final NetworkState initial = NetworkState.EMPTY.withLink(
            new LinkSpec("peer", Transport.UDP, new InetSocketAddress("127.0.0.1", 9), false));
        conductor.start(initial);
        for (int i = 0; i < rules; i++) {
            final String dst = String.format("02:c1:00:00:%02x:%02x", i >> 8 & 0xFF, i & 0xFF);
            final RuleSpec rule = new RuleSpec(0, MacMatch.parse("any"), MacMatch.parse(dst), PortRef.parse("any"),
                PortRef.parse("link:peer"));
            conductor.apply(s -> s.withRule(rule));
        }
        dir = Files.createTempDirectory("vnet-control-bench");
        server = ControlServer.start(dir.resolve("run").resolve("bench.sock"), conductor, ControlServer.Limits.DEFAULT, group);
        client = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()));
    }

    /** Stops everything. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        client.close();
        server.close();
        conductor.close();
        links.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        counters.close();
        Files.deleteIfExists(dir.resolve("run"));
        Files.deleteIfExists(dir);
    }

    /** rule.add then rule.del of the rule it added, each answered before the next is sent. */
    @Benchmark
    public int addThenDelete() throws IOException {
        add.rewind();
        final String added = roundTrip(add);
        final int at = added.indexOf("\"id\":") + 5;
        final int id = Integer.parseInt(added.substring(at, added.indexOf(',', at)));
        roundTrip(ByteBuffer.wrap(("{\"cmd\":\"rule.del\",\"rule\":" + id + "}\n").getBytes(StandardCharsets.UTF_8)));
        return id;
    }

    private String roundTrip(final ByteBuffer request) throws IOException {
        while (request.hasRemaining()) {
            client.write(request);
        }
        in.clear();
        while (in.position() == 0 || in.get(in.position() - 1) != '\n') {
            if (client.read(in) < 0) {
                throw new IOException("daemon closed the connection");
            }
        }
        final String line = new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
        if (!line.startsWith("{\"ok\":true")) {
            throw new IllegalStateException(line);
        }
        return line;
    }
}
