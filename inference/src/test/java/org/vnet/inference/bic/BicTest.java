package org.vnet.inference.bic;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BicTest
{
    @Test
    void shouldAcceptASendInTheSameInstantAsTheEventBeforeIt()
    {
        final BicAccumulator bic = new BicAccumulator(0);
        bic.onEvent(EventKind.RP, 100, 7);
        bic.onEvent(EventKind.SA, 100, 7);
        bic.onEvent(EventKind.SP, 130, 7);
        assertEquals(30, bic.totalNs());
        assertEquals(Map.of(7L, 30L), bic.byPeer());
    }

    @Test
    void shouldSumPairsEndingInASendByRecipient()
    {
        final BicAccumulator bic = new BicAccumulator(0);
        bic.onEvent(EventKind.RP, 0, 7);
        bic.onEvent(EventKind.SP, 10, 8);
        bic.onEvent(EventKind.SA, 12, 7);
        bic.onEvent(EventKind.RP, 20, 8);
        bic.onEvent(EventKind.RA, 25, 8);
        bic.onEvent(EventKind.SP, 40, 7);
        assertEquals(10 + 2 + 15, bic.totalNs());
        assertEquals(Map.of(7L, 17L, 8L, 10L), bic.byPeer());
        assertEquals(1, bic.pairCount(EventKind.RP, EventKind.SP));
        assertEquals(15, bic.pairNs(EventKind.RA, EventKind.SP));
        assertEquals(1, bic.pairCount(EventKind.SA, EventKind.RP));
        assertEquals(6, bic.events());
    }

    @Test
    void shouldTreatGapsBeyondLimitAsIdle()
    {
        final BicAccumulator bic = new BicAccumulator(100);
        bic.onEvent(EventKind.RP, 0, 1);
        bic.onEvent(EventKind.SP, 50, 1);
        bic.onEvent(EventKind.RP, 60, 1);
        bic.onEvent(EventKind.SP, 10_000, 1);
        assertEquals(50, bic.totalNs());
    }

    @Test
    void shouldNameLoadedEndpointAndGiveRange()
    {
        final BicSummary s = BicCalculator.summarise(Map.of(1L, 10_000_000_000L, 2L, 3_000_000_000L,
            3L, 3_100_000_000L, 4L, 2_900_000_000L), 12_000_000_000L, 0.25);
        assertTrue(s.available());
        assertEquals(1L, s.loaded());
        assertEquals(4L, s.partner());
        assertEquals(7.1, s.imbalanceSeconds(), 1e-9);
        assertEquals(12.0 / (12 - 7.1), s.slowdownPessimistic(), 1e-9);
        assertEquals(12.0 / 2.9, s.slowdownOptimistic(), 1e-9);
        assertEquals(s.slowdownOptimistic(), s.slowdownEstimate());
        assertTrue(s.slowdownOptimistic() >= s.slowdownPessimistic());
        assertTrue(s.processLevel().get(1L) > 0 && s.processLevel().get(4L) < 0);
    }

    @Test
    void shouldReportBalancedAndUnavailableCases()
    {
        final BicSummary balanced = BicCalculator.summarise(Map.of(1L, 1_000L, 2L, 1_050L), 10_000L, 0.25);
        assertNull(balanced.loaded());
        assertEquals(1.0, balanced.slowdownEstimate());
        assertTrue(balanced.reason().startsWith("balanced"));

        final BicSummary single = BicCalculator.summarise(Map.of(1L, 1_000L), 10_000L, 0.25);
        assertFalse(single.available());
        assertTrue(single.reason().startsWith("not enough data"));
        assertTrue(Double.isNaN(single.slowdownEstimate()));
    }
}
