package org.vnet.inference.vttif;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrafficMatrixTest
{
    @Test
    void shouldAccumulateBytesAndFramesPerOrderedPair()
    {
        final TrafficMatrix m = new TrafficMatrix();
        m.add(1, 2, 100, 1);
        m.add(1, 2, 50, 1);
        m.add(2, 1, 10, 1);
        assertEquals(150, m.bytes(1, 2));
        assertEquals(2, m.frames(1, 2));
        assertEquals(10, m.bytes(2, 1));
        assertEquals(0, m.bytes(1, 3));
        assertEquals(160, m.totalBytes());
        assertEquals(List.of(new TrafficMatrix.Entry(1, 2, 150, 2), new TrafficMatrix.Entry(2, 1, 10, 1)), m.entries());
    }

    @Test
    void shouldDropCellsBelowAlphaOfMaximum()
    {
        final TrafficMatrix m = new TrafficMatrix();
        m.add(1, 2, 10_000, 10);
        m.add(2, 3, 1_000, 1);
        m.add(3, 4, 999, 1);
        final TrafficMatrix d = m.denoise(0.1);
        assertEquals(2, d.size());
        assertEquals(1_000, d.bytes(2, 3));
        assertEquals(0, d.bytes(3, 4));
        assertEquals(3, m.denoise(0.0).size());
    }

    @Test
    void shouldMergeObserversIntoGlobalMatrix()
    {
        final TrafficMatrix hostA = new TrafficMatrix();
        final TrafficMatrix hostB = new TrafficMatrix();
        hostA.add(1, 2, 100, 1);
        hostA.add(1, 3, 7, 1);
        hostB.add(1, 2, 50, 2);
        hostB.add(3, 2, 5, 1);
        final TrafficMatrix global = new TrafficMatrix();
        global.merge(hostA);
        global.merge(hostB);
        assertEquals(150, global.bytes(1, 2));
        assertEquals(3, global.frames(1, 2));
        assertEquals(7, global.bytes(1, 3));
        assertEquals(5, global.bytes(3, 2));
        assertEquals(162, global.totalBytes());
    }

    @Test
    void shouldKeepMatricesForPowerOfTwoWindows()
    {
        final MultiResolutionMatrix m = new MultiResolutionMatrix(3);
        for (int s = 0; s < 20; s++)
        {
            m.add(s * 1_000_000_000L + 5, 1, 2, s + 1);
        }
        assertEquals(20, m.lastSeconds(1).bytes(1, 2));
        assertEquals(20 + 19, m.lastSeconds(2).bytes(1, 2));
        assertEquals(20 + 19 + 18 + 17, m.lastSeconds(4).bytes(1, 2));
        assertEquals(20 + 19 + 18 + 17 + 16 + 15 + 14 + 13, m.lastSeconds(8).bytes(1, 2));
        m.advanceTo(25_000_000_000L);
        assertEquals(0, m.lastSeconds(4).bytes(1, 2));
        assertEquals(20 + 19, m.lastSeconds(8).bytes(1, 2));
    }

    @Test
    void shouldReportChangeOnlyAfterPersistenceAndStopWithHysteresis()
    {
        final MultiResolutionMatrix history = new MultiResolutionMatrix(4);
        final ChangeDetector detector = new ChangeDetector(0.1, 10_000, 1_000, 2, 3);
        ChangeDetector.Change first = null;
        int firstSecond = -1;
        for (int s = 0; s < 30; s++)
        {
            final long t = s * 1_000_000_000L;
            if (history.advanceTo(t) && s > 0)
            {
                final ChangeDetector.Change c = detector.onSecond(t, history);
                if (c != null && first == null)
                {
                    first = c;
                    firstSecond = s;
                }
            }
            if (s < 10)
            {
                for (int i = 0; i < 4; i++)
                {
                    history.add(t + 1, 10 + i, 10 + (i + 1) % 4, 5_000);
                }
            }
            else if (s < 20)
            {
                history.add(t + 1, 10, 11, 5_000);
                history.add(t + 1, 11, 10, 5_000);
                history.add(t + 1, 12, 10, s == 12 ? 20_000 : 50);
            }
            else
            {
                history.add(t + 1, 10, 11, 2_000);
            }
        }
        assertNotNull(first);
        assertEquals(3, firstSecond);
        assertEquals("ring", first.topology().className());
        final List<ChangeDetector.Change> changes = detector.changes();
        assertTrue(changes.size() >= 2, changes.toString());
        assertEquals("all-to-all", changes.get(changes.size() - 1).topology().className());
        assertTrue(detector.isMeasuring(), "2 kB/s stays above the 1 kB/s stop threshold");
        assertNull(detector.onSecond(31_000_000_000L, history(history)));
        assertTrue(!detector.isMeasuring());
        assertEquals(1, detector.intervals().size());
    }

    private static MultiResolutionMatrix history(final MultiResolutionMatrix m)
    {
        m.advanceTo(31_000_000_000L);
        return m;
    }
}
