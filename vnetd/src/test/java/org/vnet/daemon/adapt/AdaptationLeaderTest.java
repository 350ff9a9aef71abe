package org.vnet.daemon.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.vnet.daemon.control.DaemonControl;
import org.vnet.daemon.inference.GlobalView;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.inference.vttif.TrafficMatrix;
import org.vnet.protocol.DaemonStatus;
import org.vnet.protocol.Replies;
import org.vnet.protocol.StatsSnapshot;

class AdaptationLeaderTest {
    private static final long V2 = 0x020000000002L;
    private static final long V3 = 0x020000000003L;
    private static final AdaptationConfig CONFIG = new AdaptationConfig(true, true, null, 1_000, 100, 10_000, 4, 2, 1_000,
        1_000, 64, 4, 125_000_000, 1_000);

    /** The hub's side: links to h2 and h3, and a global view the test sets. */
    private static final class Hub implements DaemonControl {
        final NetworkState state = NetworkState.EMPTY
            .withLink(new LinkSpec("h2", Transport.UDP, LinkSpec.parseAddress("10.0.0.2:7700"), false))
            .withLink(new LinkSpec("h3", Transport.UDP, LinkSpec.parseAddress("10.0.0.3:7700"), false));
        long bytes;

        @Override
        public NetworkState state() {
            return state;
        }

        @Override
        public NetworkState apply(final UnaryOperator<NetworkState> change) {
            throw new UnsupportedOperationException("the leader changes nothing of its own");
        }

        @Override
        public DaemonStatus status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public StatsSnapshot stats() {
            throw new UnsupportedOperationException();
        }

        @Override
        public GlobalView.Result globalView() {
            final TrafficMatrix m = new TrafficMatrix();
            m.add(V2, V3, bytes, 1);
            return new GlobalView.Result(m, null, List.of(), false, Map.of(V2, "h2", V3, "h3"), Map.of("h2", "h2", "h3", "h3"));
        }
    }

    private record Sent(String link, Messages.Directive directive) {
    }

    private final Hub hub = new Hub();
    private final List<Sent> sent = new ArrayList<>();
    private final AdaptationLeader leader = new AdaptationLeader("h1", CONFIG, hub,
        (link, type, payload) -> {
            assertEquals(FrameHeader.TYPE_ADAPT, type);
            sent.add(new Sent(link, Messages.directive(payload)));
        });

    private void report(final String daemon, final List<String> links, final String error, final long now) {
        leader.onReport(daemon, Messages.encode(new Messages.Report(daemon, 0, links, List.of("h1"), error)), now);
    }

    private List<String> actions() {
        return leader.status(0).decisions().stream().map(d -> d.action() + " " + d.a() + "-" + d.b()).toList();
    }

    @Test
    void shouldSendEachEndThePeersAddressAndVmsOnceThePairIsBusy() throws Exception {
        report("h2", List.of(), null, 0);
        report("h3", List.of(), null, 0);
        leader.round(0, true);
        hub.bytes = 50_000;
        leader.round(1_000, true);
        assertEquals(List.of("add h2-h3"), actions());
        assertTrue(leader.status(1_000).decisions().get(0).reason().contains("02:00:00:00:00:02 -> 02:00:00:00:00:03"));
        final Sent toH2 = sent.get(sent.size() - 2).link().equals("h2") ? sent.get(sent.size() - 2) : sent.get(sent.size() - 1);
        assertEquals(List.of(new Messages.FastLink("h3", "udp", "10.0.0.3:7700", false, List.of("02:00:00:00:00:03"))),
            toH2.directive().links());
    }

    @Test
    void shouldDropALinkAFollowerCouldNotMakeAndBackOff() throws Exception {
        report("h2", List.of(), null, 0);
        report("h3", List.of(), null, 0);
        leader.round(0, true);
        hub.bytes = 50_000;
        leader.round(1_000, true);
        report("h2", List.of(), "directive 2 not applied: no route", 1_500);
        assertEquals(List.of("add h2-h3", "failed h2-h3"), actions());
        assertTrue(leader.status(1_500).links().isEmpty());
        hub.bytes = 100_000;
        leader.round(2_000, true);
        assertEquals(2, actions().size(), "no retry within the back-off: " + actions());
        final List<Replies.AdaptFollower> followers = leader.status(2_000).followers();
        assertEquals("directive 2 not applied: no route", followers.get(0).error());
    }

    @Test
    void shouldTakeOverTheLinksItsFollowersReportWhenItStarts() {
        report("h2", List.of("h3"), null, 0);
        assertEquals(List.of("adopt h2-h3"), actions());
        assertEquals(1, leader.status(0).links().size());
    }
}
