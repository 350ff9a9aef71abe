package org.vnet.inference.engine;

import org.junit.jupiter.api.Test;
import org.vnet.inference.bic.BicSummary;
import org.vnet.inference.rir.RirResult;
import org.vnet.inference.testing.BspTrace;
import org.vnet.inference.vttif.Graph;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BspInferenceTest
{
    private static AnalysisResult analyse(final BspTrace trace)
    {
        final InferenceEngine engine = new InferenceEngine(new InferenceConfig());
        trace.feed(engine);
        return engine.result();
    }

    private static void assertRirWithin(final AnalysisResult result, final double expected, final double tolerance)
    {
        assertTrue(result.rir().size() >= 2);
        for (final Map.Entry<Long, RirResult> e : result.rir().entrySet())
        {
            final RirResult r = e.getValue();
            assertTrue(r.available(), r.reason());
            assertTrue(Math.abs(r.avg() - expected) <= tolerance * expected,
                "RIRavg " + r.avg() + " vs true " + expected + " for " + Long.toHexString(e.getKey()));
        }
    }

    @Test
    void shouldMatchTrueIterationRateWithinFivePercentUnloaded()
    {
        final BspTrace trace = new BspTrace(Graph.torus(3, 3), 600, 20_000_000L, 4000, -1, 1.0, 1);
        final AnalysisResult result = analyse(trace);
        assertRirWithin(result, trace.trueRate(), 0.05);
        assertEquals("torus", result.topology().className());
        assertEquals(List.of(3, 3), result.topology().dims());
    }

    @Test
    void shouldTrackRateRatioWhenOneProcessIsSlowed()
    {
        final BspTrace unloaded = new BspTrace(Graph.mesh(4, 2), 400, 15_000_000L, 8000, -1, 1.0, 2);
        final BspTrace loaded = new BspTrace(Graph.mesh(4, 2), 400, 15_000_000L, 8000, 5, 3.0, 2);
        final AnalysisResult a = analyse(unloaded);
        final AnalysisResult b = analyse(loaded);
        assertRirWithin(a, unloaded.trueRate(), 0.05);
        assertRirWithin(b, loaded.trueRate(), 0.05);
        final double trueRatio = loaded.trueRate() / unloaded.trueRate();
        final double ratio = avg(b) / avg(a);
        assertTrue(Math.abs(ratio - trueRatio) <= 0.05 * trueRatio, ratio + " vs " + trueRatio);
    }

    @Test
    void shouldNameSlowedProcessAndBracketItsSlowdown()
    {
        for (final double factor : new double[]{ 3.0, 5.0 })
        {
            final BspTrace unloaded = new BspTrace(Graph.torus(3, 3), 300, 20_000_000L, 4000, -1, 1.0, 3);
            final BspTrace loaded = new BspTrace(Graph.torus(3, 3), 300, 20_000_000L, 4000, 4, factor, 3);
            final AnalysisResult result = analyse(loaded);
            final BicSummary bic = result.bicSummary();
            final double slowLate = result.bic().get(BspTrace.mac(4)).lateFraction();
            for (final Map.Entry<Long, AnalysisResult.EndpointBic> e : result.bic().entrySet())
            {
                if (e.getKey() != BspTrace.mac(4))
                {
                    assertTrue(e.getValue().lateFraction() > slowLate, "the slowed process opens the exchanges");
                }
            }
            assertTrue(bic.available(), bic.reason());
            assertEquals(BspTrace.mac(4), bic.loaded());
            final double trueSlowdown = loaded.runtimeNs() / (double)unloaded.runtimeNs();
            assertTrue(bic.slowdownPessimistic() <= trueSlowdown && trueSlowdown <= bic.slowdownOptimistic() * 1.02,
                "range [" + bic.slowdownPessimistic() + ", " + bic.slowdownOptimistic() + "] vs " + trueSlowdown);
            assertTrue(Math.abs(bic.slowdownEstimate() - trueSlowdown) <= 0.10 * trueSlowdown,
                bic.slowdownEstimate() + " vs " + trueSlowdown);
            assertTrue(bic.processLevel().get(BspTrace.mac(4)) > 0);
            assertTrue(bic.stdDevSeconds() > 0 && bic.squaredDistance() > 0);
        }
    }

    @Test
    void shouldFindNoLoadedProcessWhenBalanced()
    {
        final AnalysisResult result = analyse(new BspTrace(Graph.hypercube(3), 200, 10_000_000L, 3000, -1, 1.0, 4));
        final BicSummary bic = result.bicSummary();
        assertTrue(bic.available());
        assertNull(bic.loaded(), bic.reason());
        assertEquals(1.0, bic.slowdownEstimate());
        assertEquals(1.0, bic.slowdownPessimistic());
        assertTrue(bic.slowdownOptimistic() >= 1.0, "optimistic " + bic.slowdownOptimistic());
        assertEquals("hypercube", result.topology().className());
    }

    @Test
    void shouldInferEveryPatternsTopologyFromTraffic()
    {
        assertClass(Graph.mesh(3, 3), "mesh", List.of(3, 3));
        assertClass(Graph.mesh(2, 2, 2), "hypercube", List.of(3));
        assertClass(Graph.torus(4, 3), "torus", List.of(4, 3));
        assertClass(Graph.hypercube(4), "hypercube", List.of(4));
        assertClass(Graph.binaryTree(7), "binary-tree", List.of(2));
        assertClass(Graph.complete(6), "all-to-all", List.of(6));
        assertClass(Graph.ring(7), "ring", List.of(7));
    }

    private static void assertClass(final Graph g, final String className, final List<Integer> dims)
    {
        final AnalysisResult result = analyse(new BspTrace(g, 30, 5_000_000L, 2000, -1, 1.0, 5));
        assertEquals(className, result.topology().className(), result.topology().toString());
        assertEquals(dims, result.topology().dims());
        assertEquals(g.edgeCount(), result.topology().edges().size());
    }

    @Test
    void shouldEstimatePassiveRttAndTimeDecomposition()
    {
        final AnalysisResult result = analyse(new BspTrace(Graph.ring(5), 100, 5_000_000L, 20_000, -1, 1.0, 6));
        assertEquals(10, result.network().size());
        for (final AnalysisResult.PathEstimate p : result.network())
        {
            assertEquals(45e-6, p.rttMinSeconds(), 2e-6);
            assertTrue(p.trains() > 0);
            assertTrue(p.availableBandwidthBitsPerSecond() > 0);
        }
        assertEquals(10, result.timeDecomposition().size());
        for (final AnalysisResult.PairTime t : result.timeDecomposition())
        {
            assertEquals(100, t.messages());
            assertEquals(100 * 20_000L, t.bytes());
            assertEquals(22.5e-6, t.averageLatencySeconds(), 1e-6);
            assertTrue(t.averageBandwidthBitsPerSecond() > 0);
        }
    }

    @Test
    void shouldCountIterationsOfMultiSegmentMessages()
    {
        final BspTrace unloaded = new BspTrace(Graph.mesh(3, 2), 150, 20_000_000L, 64_000, -1, 1.0, 14);
        final BspTrace loaded = new BspTrace(Graph.mesh(3, 2), 150, 20_000_000L, 64_000, 0, 4.0, 14);
        assertRirWithin(analyse(unloaded), unloaded.trueRate(), 0.05);
        final AnalysisResult result = analyse(loaded);
        assertRirWithin(result, loaded.trueRate(), 0.05);
        assertEquals(BspTrace.mac(0), result.bicSummary().loaded());
    }

    @Test
    void shouldCountOneIterationPerMessageWhenTheWindowMakesTheSenderWait()
    {
        // 16 KB messages of 12 segments, PSH on the last only, a 300 us wait for ACKs after every 4 segments:
        // each wait is longer than the RTT, yet the bursts after it continue the same message
        final BspTrace trace = BspTrace.windowLimited(Graph.torus(2, 2), 600, 2_000_000L, 16_000, 4, 300_000L, 15);
        assertRirWithin(analyse(trace), trace.trueRate(), 0.05);
    }

    @Test
    void shouldCountOneIterationPerMessageWhenTheStackForcesAPushBeforeWaitingForTheWindow()
    {
        // as above, but PSH also on the full segment before each wait (Linux pushes when a write outruns half the
        // peer's window): the segments after the wait still continue the message
        final BspTrace trace = BspTrace.forcedPush(Graph.torus(2, 2), 600, 2_000_000L, 16_000, 4, 300_000L, 15);
        assertRirWithin(analyse(trace), trace.trueRate(), 0.05);
    }

    private static double avg(final AnalysisResult result)
    {
        return result.rir().values().stream().mapToDouble(RirResult::avg).average().orElseThrow();
    }
}
