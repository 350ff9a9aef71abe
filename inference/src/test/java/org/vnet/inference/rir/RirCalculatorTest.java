package org.vnet.inference.rir;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RirCalculatorTest
{
    private static final RirCalculator.Parameters DEFAULTS =
        new RirCalculator.Parameters(1.1, 1_000_000_000L, 100_000_000L, 4, 0.95, 8.0, 3, 5,
            RirCalculator.RECEIVE_NONE, true, RirCalculator.METHOD_GAP);

    /** Candidate sends of a process whose rate alternates between two levels every half period. */
    private static long[] phased(final double highRate, final double lowRate, final double periodSeconds,
        final double seconds)
    {
        final long[] times = new long[(int)(highRate * seconds) + 10];
        int count = 0;
        double t = 0;
        while (t < seconds)
        {
            final boolean high = (t % periodSeconds) < periodSeconds / 2;
            t += 1 / (high ? highRate : lowRate);
            times[count++] = (long)(t * 1e9);
        }
        return java.util.Arrays.copyOf(times, count);
    }

    private static long[] gaps(final int count, final long gap)
    {
        final long[] gaps = new long[count];
        java.util.Arrays.fill(gaps, gap);
        return gaps;
    }

    @Test
    void shouldComputeSteadyRateAsStationaryAndAdequate()
    {
        final long[] times = phased(50, 50, 1, 20);
        final RirResult r = RirCalculator.compute(times, gaps(times.length, 10_000_000L), times.length, times.length,
            100_000, false, 0, 20_000_000_000L, DEFAULTS);
        assertTrue(r.available());
        assertEquals(50, r.avg(), 1.0);
        assertEquals(110_000, r.thresholdNs());
        assertTrue(r.adequate(), r.adequacy());
        assertEquals(1.0, r.cdf().get(r.cdf().size() - 1)[1], 1e-9);
    }

    @Test
    void shouldFindSuperPhasePeriodFromSpectrum()
    {
        final long[] times = phased(40, 10, 4.0, 60);
        final RirResult r = RirCalculator.compute(times, gaps(times.length, 10_000_000L), times.length, times.length,
            100_000, false, 0, 60_000_000_000L, DEFAULTS);
        assertNotNull(r.periodSeconds(), r.adequacy());
        assertEquals(4.0, r.periodSeconds(), 0.2);
        assertEquals(25, r.avg(), 1.5);
        assertTrue(r.adequate(), r.adequacy());
        assertTrue(r.cdf().size() > 2);
    }

    @Test
    void shouldCallCaptureShorterThanThreeSuperPhasesInadequate()
    {
        final long[] times = phased(40, 10, 4.0, 10);
        final RirResult r = RirCalculator.compute(times, gaps(times.length, 10_000_000L), times.length, times.length,
            100_000, false, 0, 10_000_000_000L, DEFAULTS);
        assertNotNull(r.periodSeconds(), r.adequacy());
        assertFalse(r.adequate(), r.adequacy());
        assertTrue(r.adequacy().contains("shorter than 3 super-phases"), r.adequacy());
    }

    @Test
    void shouldCallCoarseSamplingInadequate()
    {
        final RirCalculator.Parameters coarse =
            new RirCalculator.Parameters(1.1, 1_000_000_000L, 1_000_000_000L, 4, 0.95, 8.0, 3, 5,
            RirCalculator.RECEIVE_NONE, true, RirCalculator.METHOD_GAP);
        final long[] times = phased(40, 5, 2.05, 120);
        final RirResult r = RirCalculator.compute(times, gaps(times.length, 10_000_000L), times.length, times.length,
            100_000, false, 0, 120_000_000_000L, coarse);
        assertFalse(r.adequate(), r.adequacy());
        assertTrue(r.adequacy().contains("too coarse"), r.adequacy());
    }

    @Test
    void shouldOnlyCountSendsWhoseGapExceedsCTimesRtt()
    {
        final long[] times = phased(20, 20, 1, 10);
        final long[] gaps = new long[times.length];
        for (int i = 0; i < gaps.length; i++)
        {
            gaps[i] = i % 2 == 0 ? 105_000 : 5_000_000;
        }
        final RirResult r = RirCalculator.compute(times, gaps, times.length, times.length, 100_000, false, 0,
            10_000_000_000L, DEFAULTS);
        assertEquals(10, r.avg(), 0.6);
        assertEquals(times.length / 2, r.qualifyingSends(), 1);
    }

    @Test
    void shouldSayNotEnoughDataInsteadOfInventingNumbers()
    {
        final long[] times = { 1, 2, 3 };
        final RirResult noRtt = RirCalculator.compute(times, gaps(3, 1_000_000), 3, 3, 0, false, 0, 5_000_000_000L,
            DEFAULTS);
        assertFalse(noRtt.available());
        assertTrue(noRtt.reason().contains("no RTT"));
        assertTrue(Double.isNaN(noRtt.avg()));

        final RirResult tooShort = RirCalculator.compute(times, gaps(3, 1_000_000), 3, 3, 1000, false, 0,
            500_000_000L, DEFAULTS);
        assertFalse(tooShort.available());
        assertTrue(tooShort.reason().startsWith("not enough data"), tooShort.reason());
        assertNull(tooShort.periodSeconds());
    }

    @Test
    void shouldMatchNaiveDftPower()
    {
        final Random random = new Random(3);
        final double[] series = new double[37];
        for (int i = 0; i < series.length; i++)
        {
            series[i] = random.nextGaussian() + Math.sin(i * 0.7);
        }
        final double[] power = Fft.powerSpectrum(series, 2);
        final int m = (power.length - 1) * 2;
        assertEquals(128, m);
        double mean = 0;
        for (final double v : series)
        {
            mean += v / series.length;
        }
        for (int k = 0; k < power.length; k++)
        {
            double re = 0;
            double im = 0;
            for (int i = 0; i < series.length; i++)
            {
                final double w = 0.5 * (1 - Math.cos(2 * Math.PI * i / (series.length - 1)));
                final double x = (series[i] - mean) * w;
                re += x * Math.cos(-2 * Math.PI * k * i / m);
                im += x * Math.sin(-2 * Math.PI * k * i / m);
            }
            assertEquals(re * re + im * im, power[k], 1e-9 * Math.max(1, power[k]));
        }
    }

    @Test
    void shouldRaiseThresholdToGapBreakWhenRttIsTiny()
    {
        final int iterations = 500;
        final long[] times = new long[iterations * 2];
        final long[] gaps = new long[iterations * 2];
        for (int i = 0; i < iterations; i++)
        {
            times[2 * i] = i * 10_000_000L;
            gaps[2 * i] = RirCalculator.packGap(9_985_000L, true, i % 3 != 0);
            times[2 * i + 1] = i * 10_000_000L + 15_000;
            gaps[2 * i + 1] = RirCalculator.packGap(15_000L, true, true);
        }
        final long end = iterations * 10_000_000L;
        final RirResult withBreak = RirCalculator.compute(times, gaps, times.length, times.length, 3_000, false, 0,
            end, DEFAULTS);
        assertEquals(100, withBreak.avg(), 1.0);
        assertTrue(withBreak.thresholdNs() > 15_000 && withBreak.thresholdNs() < 9_985_000L);

        final RirCalculator.Parameters thesis = new RirCalculator.Parameters(1.1, 1_000_000_000L, 100_000_000L, 4,
            0.95, 8.0, 3, 5, RirCalculator.RECEIVE_PAYLOAD, false, RirCalculator.METHOD_GAP);
        final RirResult strict = RirCalculator.compute(times, gaps, times.length, times.length, 3_000, false, 0, end,
            thesis);
        assertEquals(3_300, strict.thresholdNs());
        assertEquals(100 + 100 * 2.0 / 3, strict.avg(), 2.0);

        final RirResult noRtt = RirCalculator.compute(times, gaps, times.length, times.length, 0, false, 0, end,
            DEFAULTS);
        assertTrue(noRtt.available(), noRtt.reason());
        assertEquals(100, noRtt.avg(), 1.0);
    }

    @Test
    void shouldCountOneRoundPerExchangeWhateverTheSendOrderOrDescheduling()
    {
        final int iterations = 600;
        final long[] times = new long[iterations * 2];
        final long[] gaps = new long[iterations * 2];
        long previous = -10_000_000L;
        for (int i = 0; i < iterations; i++)
        {
            final long start = i * 10_000_000L;
            final long second = start + (i % 5 == 0 ? 4_000_000L : 20_000L);
            final int first = i % 3 == 0 ? 1 : 0;
            times[2 * i] = start;
            gaps[2 * i] = RirCalculator.packGap(start - previous, true, true, first);
            times[2 * i + 1] = second;
            gaps[2 * i + 1] = RirCalculator.packGap(second - start, true, true, 1 - first);
            previous = second;
        }
        final long end = iterations * 10_000_000L;
        final RirResult rounds = RirCalculator.compute(times, gaps, times.length, times.length, 3_000, false, 0, end,
            new RirCalculator.Parameters(1.1, 1_000_000_000L, 100_000_000L, 4, 0.95, 8.0, 3, 5,
                RirCalculator.RECEIVE_NONE, true, RirCalculator.METHOD_ROUNDS));
        assertEquals(100, rounds.avg(), 1.0);

        final RirResult gapOnly = RirCalculator.compute(times, gaps, times.length, times.length, 3_000, false, 0,
            end, new RirCalculator.Parameters(1.1, 1_000_000_000L, 100_000_000L, 4, 0.95, 8.0, 3, 5,
                RirCalculator.RECEIVE_NONE, false, RirCalculator.METHOD_GAP));
        assertEquals(200, gapOnly.avg(), 2.0);
    }

    @Test
    void shouldCountARoundWhoseGapAnObserverCompressedWhenTheSendAnswersItsRecipient()
    {
        // two peers per iteration; in every third iteration the observer read the last send of the previous
        // iteration and the first of this one back to back (5 us apart, below c x RTT)
        final int iterations = 600;
        final long[] times = new long[iterations * 2];
        final long[] gaps = new long[iterations * 2];
        final long[] unanswered = new long[iterations * 2];
        long previous = -10_000_000L;
        for (int i = 0; i < iterations; i++)
        {
            final long start = i % 3 == 0 ? previous + 5_000 : i * 10_000_000L;
            times[2 * i] = start;
            gaps[2 * i] = RirCalculator.packGap(start - previous, false, false, 0, true);
            unanswered[2 * i] = RirCalculator.packGap(start - previous, false, false, 0, false);
            times[2 * i + 1] = start + 20_000;
            gaps[2 * i + 1] = RirCalculator.packGap(20_000, false, false, 1, true);
            unanswered[2 * i + 1] = gaps[2 * i + 1];
            previous = start + 20_000;
        }
        final long end = iterations * 10_000_000L;
        final RirResult causal = RirCalculator.compute(times, gaps, times.length, times.length, 100_000, false, 0,
            end, new RirCalculator.Parameters(1.1, 1_000_000_000L, 100_000_000L, 4, 0.95, 8.0, 3, 5,
                RirCalculator.RECEIVE_NONE, true, RirCalculator.METHOD_CAUSAL_ROUNDS));
        assertEquals(100, causal.avg(), 1.0);
        final RirResult rounds = RirCalculator.compute(times, unanswered, times.length, times.length, 100_000, false,
            0, end, new RirCalculator.Parameters(1.1, 1_000_000_000L, 100_000_000L, 4, 0.95, 8.0, 3, 5,
                RirCalculator.RECEIVE_NONE, true, RirCalculator.METHOD_ROUNDS));
        assertTrue(rounds.avg() < 70, "without the acknowledgements the compressed rounds are lost: " + rounds.avg());
    }

    @Test
    void shouldNotCountRendezvousDataAfterRequestAsNewRound()
    {
        final int iterations = 400;
        final long[] times = new long[iterations * 4];
        final long[] gaps = new long[iterations * 4];
        long previous = -10_000_000L;
        int k = 0;
        for (int i = 0; i < iterations; i++)
        {
            final long start = i * 10_000_000L;
            final long[] at = { start, start + 15_000, start + 150_000 + (i % 7) * 20_000, start + 170_000 };
            final int[] peer = { 0, 1, 0, 1 };
            for (int j = 0; j < 4; j++)
            {
                times[k] = at[j];
                gaps[k] = RirCalculator.packGap(at[j] - previous, true, true, peer[j]);
                previous = at[j];
                k++;
            }
        }
        final RirResult r = RirCalculator.compute(times, gaps, k, k, 3_000, false, 0, iterations * 10_000_000L,
            new RirCalculator.Parameters(1.1, 1_000_000_000L, 100_000_000L, 4, 0.95, 8.0, 3, 5,
                RirCalculator.RECEIVE_NONE, true, RirCalculator.METHOD_ROUNDS));
        assertEquals(100, r.avg(), 1.0);
        assertTrue(r.thresholdNs() > 300_000, "threshold " + r.thresholdNs());
    }

    private static RirCalculator.Parameters method(final int method)
    {
        return new RirCalculator.Parameters(1.1, 1_000_000_000L, 100_000_000L, 4, 0.95, 8.0, 3, 5,
            RirCalculator.RECEIVE_NONE, true, method);
    }

    @Test
    void shouldCountARoundWhenARegularPeerRepeatsWithinAGapTheObserverCompressed()
    {
        // two peers per iteration; every fourth iteration the observer read the last send of the previous iteration
        // and the first of this one 5 us apart, and the send acknowledged nothing new (its peer was ahead)
        final int iterations = 600;
        final long[] times = new long[iterations * 2];
        final long[] gaps = new long[iterations * 2];
        long previous = -10_000_000L;
        for (int i = 0; i < iterations; i++)
        {
            final long start = i % 4 == 0 ? previous + 5_000 : i * 10_000_000L;
            times[2 * i] = start;
            gaps[2 * i] = RirCalculator.packGap(start - previous, false, false, 0, false);
            times[2 * i + 1] = start + 20_000;
            gaps[2 * i + 1] = RirCalculator.packGap(20_000, false, false, 1, false);
            previous = start + 20_000;
        }
        final long end = times[times.length - 1];
        final RirResult learned = RirCalculator.compute(times, gaps, times.length, times.length, 100_000, false,
            times[0], end, method(RirCalculator.METHOD_LEARNED_ROUNDS));
        assertEquals(iterations, learned.qualifyingSends(), 1);
        final RirResult causal = RirCalculator.compute(times, gaps, times.length, times.length, 100_000, false,
            times[0], end, method(RirCalculator.METHOD_CAUSAL_ROUNDS));
        assertTrue(causal.qualifyingSends() < 0.8 * iterations, "gaps alone lose them: " + causal.qualifyingSends());
    }

    @Test
    void shouldNotCountAnExtraRoundWhenASporadicPeerGetsTwoMessagesInOneRound()
    {
        // peers 0 and 1 every iteration; background messages to peer 2 in a third of the iterations, two at a time
        final int iterations = 600;
        final long[] times = new long[iterations * 4];
        final long[] gaps = new long[iterations * 4];
        long previous = -10_000_000L;
        int k = 0;
        for (int i = 0; i < iterations; i++)
        {
            final long start = i * 10_000_000L;
            final long[] at = { start, start + 20_000, start + 3_000_000, start + 3_000_030 };
            final int[] peer = { 0, 1, 2, 2 };
            for (int j = 0; j < (i % 3 == 0 ? 4 : 2); j++)
            {
                times[k] = at[j];
                gaps[k] = RirCalculator.packGap(at[j] - previous, false, false, peer[j], false);
                previous = at[j];
                k++;
            }
        }
        final RirResult r = RirCalculator.compute(times, gaps, k, k, 100_000, false, 0, times[k - 1],
            method(RirCalculator.METHOD_LEARNED_ROUNDS));
        assertEquals(iterations, r.qualifyingSends(), 1);
    }

    @Test
    void shouldAverageTheRateBetweenTheFirstAndLastQualifyingSendsWhenTheRateDrifts()
    {
        // 1 s at 50 it/s, 4 s at 150 it/s, 1 s at 50 it/s (a warm-up and a wind-down): 700 iterations in 6 s
        final long[] times = new long[700];
        final long[] gaps = new long[700];
        for (int i = 0; i < times.length; i++)
        {
            times[i] = i < 50 ? i * 20_000_000L : i < 650 ? 1_000_000_000L + (i - 50) * 6_666_667L :
                5_000_000_000L + (i - 650) * 20_000_000L;
            gaps[i] = RirCalculator.packGap(5_000_000L, false, false);
        }
        final RirResult r = RirCalculator.compute(times, gaps, times.length, times.length, 100_000, false, 0,
            times[times.length - 1], DEFAULTS);
        final double truth = (times.length - 1) / (times[times.length - 1] / 1e9);
        assertEquals(truth, r.avg(), 0.005 * truth);
        final double seriesMean = java.util.Arrays.stream(r.series()).average().orElseThrow();
        assertTrue(Math.abs(seriesMean - truth) > 0.02 * truth, "the series mean is biased: " + seriesMean);
    }

    @Test
    void shouldBoundSpectrumMemoryOnDayLongCaptures()
    {
        final long[] times = phased(4, 1, 3600, 30 * 3600);
        final RirResult r = RirCalculator.compute(times, gaps(times.length, 10_000_000L), times.length, times.length,
            100_000, false, 0, 30 * 3600 * 1_000_000_000L, DEFAULTS);
        assertTrue(r.series().length > RirCalculator.MAX_SPECTRUM_POINTS);
        assertNotNull(r.periodSeconds(), r.adequacy());
        assertEquals(3600, r.periodSeconds(), 200);
        assertEquals(2.5, r.avg(), 0.1);
    }
}
