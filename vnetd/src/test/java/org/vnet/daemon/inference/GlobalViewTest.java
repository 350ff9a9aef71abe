package org.vnet.daemon.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.vnet.inference.vttif.TrafficMatrix;

class GlobalViewTest {
    static final long A = 0x0200_0000_0001L;
    static final long B = 0x0200_0000_0002L;
    static final long C = 0x0200_0000_0003L;
    static final long D = 0x0200_0000_0004L;

    static TrafficMatrix matrix(final long[]... entries) {
        final TrafficMatrix m = new TrafficMatrix();
        for (final long[] e : entries) {
            m.add(e[0], e[1], e[2], e[3]);
        }
        return m;
    }

    @Test
    void shouldRoundTripASummary() {
        final Summary s = new Summary(Summary.LOCAL, "h2", matrix(new long[] {A, B, 1000, 10}, new long[] {B, A, 500, 5}).entries());
        final Summary back = Summary.decode(s.encode());
        assertEquals(s.daemon(), back.daemon());
        assertEquals(s.kind(), back.kind());
        assertEquals(s.entries(), back.entries());
    }

    @Test
    void shouldRefuseMalformedSummaries() {
        final byte[] good = new Summary(Summary.GLOBAL, "h1", matrix(new long[] {A, B, 1, 1}).entries()).encode();
        assertThrows(IllegalArgumentException.class, () -> Summary.decode(new byte[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Summary.decode(Arrays.copyOf(good, good.length - 1)));
        final byte[] badKind = good.clone();
        badKind[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> Summary.decode(badKind));
    }

    @Test
    void shouldTakeThePairwiseMaximumSoThatAFrameSeenByThreeDaemonsCountsOnce() {
        final GlobalView hub = new GlobalView("h1", true);
        hub.onSummary(new Summary(Summary.LOCAL, "h2", matrix(new long[] {A, B, 1000, 10}).entries()), 0);
        hub.onSummary(new Summary(Summary.LOCAL, "h3", matrix(new long[] {A, B, 1000, 10}, new long[] {C, D, 70, 1}).entries()), 0);
        final GlobalView.Result r = hub.result(matrix(new long[] {A, B, 990, 9}), 0.0, 10);
        assertEquals(1000, r.matrix().bytes(A, B));
        assertEquals(10, r.matrix().frames(A, B));
        assertEquals(70, r.matrix().bytes(C, D));
        assertEquals(List.of("h1", "h2", "h3"), r.observers());
    }

    @Test
    void shouldForgetADaemonThatStoppedReporting() {
        final GlobalView hub = new GlobalView("h1", true);
        hub.onSummary(new Summary(Summary.LOCAL, "h2", matrix(new long[] {A, B, 1000, 10}).entries()), 0);
        final GlobalView.Result later = hub.result(new TrafficMatrix(), 0.0, GlobalView.FRESH_MILLIS + 1);
        assertEquals(0, later.matrix().bytes(A, B));
        assertEquals(List.of("h1"), later.observers());
    }

    @Test
    void shouldGiveASpokeTheHubsReduction() {
        final GlobalView hub = new GlobalView("h1", true);
        hub.onSummary(new Summary(Summary.LOCAL, "h3", matrix(new long[] {C, D, 800, 8}).entries()), 0);
        final Summary fromHub = hub.outgoing(matrix(new long[] {A, C, 100, 1}), 0);
        assertEquals(Summary.GLOBAL, fromHub.kind());

        final GlobalView spoke = new GlobalView("h2", false);
        spoke.onSummary(Summary.decode(fromHub.encode()), 1);
        final GlobalView.Result r = spoke.result(matrix(new long[] {A, B, 50, 1}), 0.0, 2);
        assertEquals(800, r.matrix().bytes(C, D));
        assertEquals(100, r.matrix().bytes(A, C));
        assertEquals(50, r.matrix().bytes(A, B));
        assertTrue(r.fromHub());
        assertEquals(Summary.LOCAL, spoke.outgoing(new TrafficMatrix(), 2).kind());
    }

    @Test
    void shouldTellWhichDaemonHasEachVmAndWhichLinkItIsHeardOn() {
        final GlobalView hub = new GlobalView("h1", true);
        hub.localMacs(new long[] {A});
        final Summary fromH2 = new Summary(Summary.LOCAL, "h2", matrix(new long[] {B, C, 10, 1}).entries(), new long[] {B});
        hub.onSummary(Summary.decode(fromH2.encode()), "link-to-h2", 0);
        final GlobalView.Result r = hub.result(new TrafficMatrix(), 0.0, 1);
        assertEquals(java.util.Map.of(A, "h1", B, "h2"), r.hosts());
        assertEquals(java.util.Map.of("h2", "link-to-h2"), r.links());
        assertTrue(Arrays.equals(new long[] {A}, hub.outgoing(new TrafficMatrix(), 1).localMacs()));
        assertTrue(hub.result(new TrafficMatrix(), 0.0, GlobalView.FRESH_MILLIS + 1).links().isEmpty(), "ages out");
    }

    @Test
    void shouldReadASummaryWithoutLocalMacsAndRefuseABrokenMacList() {
        final byte[] old = new Summary(Summary.LOCAL, "h2", matrix(new long[] {A, B, 1, 1}).entries()).encode();
        final byte[] withoutList = Arrays.copyOf(old, old.length - 2);
        assertEquals(0, Summary.decode(withoutList).localMacs().length);
        final byte[] broken = Arrays.copyOf(old, old.length + 3);
        broken[old.length - 1] = 1;
        assertThrows(IllegalArgumentException.class, () -> Summary.decode(broken));
    }

    @Test
    void shouldKeepOneSummaryPerLinkWhateverNamesAPeerDeclares() {
        final GlobalView hub = new GlobalView("h1", true);
        for (int i = 0; i < 30_000; i++) {
            hub.onSummary(new Summary(Summary.LOCAL, "fake" + i, matrix(new long[] {A, B, i, 1}).entries()), "h2", 0);
        }
        assertEquals(1, hub.sources());
        final GlobalView.Result r = hub.result(new TrafficMatrix(), 0.0, 1);
        assertEquals(List.of("fake29999", "h1"), r.observers(), "the link's latest summary replaced the others");
    }

    @Test
    void shouldBoundSummariesOfUnknownLinksAndPruneTheStale() {
        final GlobalView hub = new GlobalView("h1", true);
        for (int i = 0; i < GlobalView.MAX_SOURCES + 500; i++) {
            hub.onSummary(new Summary(Summary.LOCAL, "n" + i, matrix(new long[] {A, B, 1, 1}).entries()), 0);
        }
        assertEquals(GlobalView.MAX_SOURCES, hub.sources());
        hub.onSummary(new Summary(Summary.LOCAL, "late", matrix(new long[] {A, B, 1, 1}).entries()), GlobalView.FRESH_MILLIS + 1);
        assertEquals(1, hub.sources(), "the stale ones were pruned to make room");
    }
}
