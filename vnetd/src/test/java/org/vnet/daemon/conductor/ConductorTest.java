package org.vnet.daemon.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.VnetdContext;
import org.vnet.daemon.control.CommandException;
import org.vnet.daemon.link.Links;
import org.vnet.daemon.link.seal.Sealer;
import org.vnet.daemon.link.seal.Session;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkKey;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.switching.MacTable;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.tap.TapPolicy;
import org.vnet.daemon.telemetry.CountersFile;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.FrameHeader;

class ConductorTest {
    @TempDir
    Path dir;
    MultiThreadIoEventLoopGroup group;
    Telemetry telemetry;
    Links links;
    Conductor conductor;
    final List<NetworkState> saved = new ArrayList<>();
    boolean failSaves;
    InetSocketAddress own;

    @BeforeEach
    void start() throws IOException {
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        final IoEventLoop loop = group.next();
        telemetry = new Telemetry(CountersFile.create(dir.resolve("counters")));
        final Switch sw = new Switch(new MacTable(1000, 16), telemetry, false);
        links = new Links(loop, sw, telemetry, null, new VnetdContext().name("me").conclude());
        own = links.listen(Transport.UDP, new InetSocketAddress("127.0.0.1", 0));
        conductor = new Conductor("me", false, loop, sw, links, telemetry, s -> {
            if (failSaves) {
                throw new IOException("disk full");
            }
            saved.add(s);
        }, 1400, new TapPolicy(true, true, true));
    }

    @AfterEach
    void stop() {
        conductor.close();
        links.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        telemetry.close();
    }

    static LinkSpec udp(final String name, final int port) {
        return new LinkSpec(name, Transport.UDP, new InetSocketAddress("127.0.0.1", port), false);
    }

    @Test
    void shouldApplyAndPersistAChange() throws Exception {
        final NetworkState after = conductor.apply(s -> s.withLink(udp("peer", 40001)));
        assertTrue(after.links().containsKey("peer"));
        assertSame(after, conductor.state());
        assertEquals(List.of(after), saved);
        assertEquals(1, conductor.stats().ports().size());
        assertEquals("peer", conductor.stats().ports().get(0).name());
    }

    @Test
    void shouldGiveASealedLinkANewKeyWithoutReopeningIt() throws Exception {
        try (java.net.DatagramSocket peer = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            final LinkKey first = LinkKey.of(new byte[32]);
            final byte[] bytes = new byte[32];
            bytes[0] = 9;
            final LinkKey next = LinkKey.of(bytes);
            conductor.apply(s -> s.withLink(LinkSpec.sealed("peer", (InetSocketAddress) peer.getLocalSocketAddress(), first)));
            // the peer's keepalives, sealed with the first key, make the link up
            final Sealer sealer = new Sealer(first.bytes(), "peer", "me", new Session(1, 1), System::nanoTime,
                Sealer.EPOCH_MESSAGES);
            final io.netty.buffer.ByteBuf keepalive = io.netty.buffer.Unpooled.buffer();
            FrameHeader.write(keepalive, FrameHeader.TYPE_KEEPALIVE, 0);
            final io.netty.buffer.ByteBuf d = io.netty.buffer.Unpooled.buffer(64);
            org.vnet.testing.Await.until(java.time.Duration.ofSeconds(10), "the sealed link up", () -> {
                d.clear();
                d.writerIndex(sealer.seal(keepalive, 0, FrameHeader.LENGTH, d, 0));
                try {
                    peer.send(new java.net.DatagramPacket(d.array(), d.readableBytes(), own));
                } catch (final IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return conductor.stats().ports().get(0).state();
            }, "up"::equals);
            conductor.apply(s -> s.withLinkKey("peer", next));
            assertEquals(next, conductor.state().links().get("peer").key());
            // a reopened link would start down (never heard) and refuse the first key's session
            assertEquals("up", conductor.stats().ports().get(0).state(), "the link was not reopened");
            assertThrows(CommandException.class, () -> conductor.apply(s -> s.withLink(udp("plain", 40009))
                .withLinkKey("plain", next)), "a plain link takes no key");
        }
    }

    @Test
    void shouldRefuseAnInvalidChangeWithItsReasonAndChangeNothing() throws Exception {
        conductor.apply(s -> s.withLink(udp("peer", 40001)));
        final NetworkState before = conductor.state();
        final CommandException e = assertThrows(CommandException.class, () -> conductor.apply(s -> s.withoutLink("nosuch")));
        assertEquals("no link nosuch", e.getMessage());
        assertSame(before, conductor.state());
        assertEquals(1, saved.size());
    }

    @Test
    void shouldRefuseALinkToItsOwnListenAddressAndChangeNothing() throws Exception {
        conductor.apply(s -> s.withLink(udp("peer", 40001)));
        final NetworkState before = conductor.state();
        final CommandException e = assertThrows(CommandException.class,
            () -> conductor.apply(s -> s.withLink(udp("self", own.getPort()))));
        assertEquals("link self: peer 127.0.0.1:" + own.getPort() + " is this daemon's own listen address", e.getMessage());
        assertSame(before, conductor.state());
        assertEquals(List.of("peer"), conductor.stats().ports().stream().map(p -> p.name()).toList());
    }

    @Test
    void shouldUndoTheChangeWhenItCannotBePersisted() throws Exception {
        conductor.apply(s -> s.withLink(udp("peer", 40001)));
        final NetworkState before = conductor.state();
        failSaves = true;
        final CommandException e = assertThrows(CommandException.class,
            () -> conductor.apply(s -> s.withLink(udp("other", 40002))));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        assertSame(before, conductor.state());
        assertEquals(List.of("peer"), conductor.stats().ports().stream().map(p -> p.name()).toList());
    }

    @Test
    void shouldRefuseAnInterfaceThatCannotBeOpenedAndKeepTheRest() throws Exception {
        conductor.apply(s -> s.withLink(udp("peer", 40001)));
        final NetworkState before = conductor.state();
        final CommandException e = assertThrows(CommandException.class,
            () -> conductor.apply(s -> s.withInterface(new InterfaceSpec("eth9", "no-such-netns-xyz", 0))));
        assertTrue(e.getMessage().contains("no-such-netns-xyz"), e.getMessage());
        assertSame(before, conductor.state());
    }

    @Test
    void shouldCountFramesPerRuleAndDropTheCounterWithTheRule() throws Exception {
        conductor.apply(s -> s.withLink(udp("peer", 40001)));
        conductor.apply(s -> s.withRule(new RuleSpec(0, MacMatch.ANY, MacMatch.parse("02:00:00:00:00:01"), PortRef.ANY,
            PortRef.link("peer"))));
        assertEquals(1, conductor.stats().rules().size());
        final int id = conductor.state().rules().get(0).id();
        conductor.apply(s -> s.withoutRule(id));
        assertEquals(0, conductor.stats().rules().size());
        assertThrows(CommandException.class, () -> conductor.apply(s -> s.withoutLink("nosuch")));
    }

    @Test
    void shouldApplyALinkOrRuleChangeOnTheLoopAtOnceAndDeclineItElsewhereOrForAnInterface() throws Exception {
        assertNull(conductor.tryApply(s -> s.withLink(udp("peer", 40001))), "not on the loop: declined");
        assertTrue(conductor.state().links().isEmpty());
        final NetworkState after = group.next().submit(() -> conductor.tryApply(s -> s.withLink(udp("peer", 40001))))
            .get(10, TimeUnit.SECONDS);
        assertTrue(after.links().containsKey("peer"));
        assertSame(after, conductor.state());
        assertEquals(List.of(after), saved);
        assertEquals(List.of("peer"), conductor.stats().ports().stream().map(p -> p.name()).toList());
        final NetworkState withRule = group.next().submit(() -> conductor.tryApply(s -> s.withRule(new RuleSpec(0,
            MacMatch.ANY, MacMatch.parse("02:00:00:00:00:01"), PortRef.ANY, PortRef.link("peer"))))).get(10, TimeUnit.SECONDS);
        assertEquals(1, withRule.rules().size());
        assertEquals(1, conductor.stats().rules().size());
        assertNull(group.next().submit(() -> conductor.tryApply(s -> s.withInterface(new InterfaceSpec("eth9", null, 0))))
            .get(10, TimeUnit.SECONDS), "opening a TAP stays off the loop");
        assertSame(withRule, conductor.state());
    }

    @Test
    void shouldDeclineOnTheLoopWhileAnotherThreadIsApplyingAChange() throws Exception {
        final CountDownLatch saving = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Conductor.Persister slow = s -> {
            saving.countDown();
            release.await(10, TimeUnit.SECONDS);
        };
        final Conductor c = new Conductor("slow", false, group.next(), new Switch(new MacTable(1000, 16), telemetry, false),
            links, telemetry, slow, 1400, new TapPolicy(true, true, true));
        final Thread other = new Thread(() -> {
            try {
                c.apply(s -> s.withLink(udp("a", 40003)));
            } catch (final CommandException e) {
                throw new IllegalStateException(e);
            }
        });
        other.start();
        try {
            assertTrue(saving.await(10, TimeUnit.SECONDS));
            assertNull(group.next().submit(() -> c.tryApply(s -> s.withLink(udp("b", 40004)))).get(10, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            other.join(10_000);
        }
        assertEquals(List.of("a"), List.copyOf(c.state().links().keySet()));
        c.close();
    }

    @Test
    void shouldRefuseDeletingALinkARuleStillUses() throws Exception {
        conductor.apply(s -> s.withLink(udp("peer", 40001)));
        conductor.apply(s -> s.withRule(new RuleSpec(0, MacMatch.ANY, MacMatch.ANY, PortRef.ANY, PortRef.link("peer"))));
        final CommandException e = assertThrows(CommandException.class, () -> conductor.apply(s -> s.withoutLink("peer")));
        assertTrue(e.getMessage().contains("rule #1"), e.getMessage());
        assertTrue(conductor.state().links().containsKey("peer"));
    }

    @Test
    void shouldCancelAChangeTheLoopDoesNotStartInTimeAndChangeNothing() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        conductor.loopTimeout(200);
        group.next().execute(() -> awaitQuietly(release));
        final CommandException e = assertThrows(CommandException.class, () -> conductor.apply(s -> s.withLink(udp("peer", 40001))));
        assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
        release.countDown();
        group.next().submit(() -> { }).get(5, TimeUnit.SECONDS);
        assertTrue(conductor.state().links().isEmpty());
        assertTrue(conductor.stats().ports().isEmpty());
        assertNull(conductor.status().degraded());
        assertTrue(saved.isEmpty());
        conductor.apply(s -> s.withLink(udp("peer", 40001)));
        assertEquals(1, conductor.stats().ports().size());
    }

    @Test
    void shouldReportDegradedWhileALateChangeRunsThenItsStateWhenItFinishes() throws Exception {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        conductor.loopTimeout(200);
        conductor.changeStarting(() -> {
            started.countDown();
            awaitQuietly(release);
        });
        final CommandException e = assertThrows(CommandException.class, () -> conductor.apply(s -> s.withLink(udp("peer", 40001))));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("still applying"), e.getMessage());
        assertNotNull(conductor.status().degraded());
        assertTrue(conductor.state().links().isEmpty(), "state follows the data plane, which has not changed yet");
        assertTrue(conductor.stats().ports().isEmpty());
        conductor.changeStarting(() -> { });
        release.countDown();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (conductor.status().degraded() != null) {
            assertTrue(System.nanoTime() < deadline, "still degraded after the change finished");
            Thread.onSpinWait();
        }
        assertTrue(conductor.state().links().containsKey("peer"));
        assertEquals("peer", conductor.stats().ports().get(0).name());
        conductor.apply(s -> s.withLink(udp("other", 40002)));
        assertEquals(2, saved.size(), "the late change is persisted before the next one");
        assertTrue(saved.get(0).links().containsKey("peer"));
    }

    private static void awaitQuietly(final CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
