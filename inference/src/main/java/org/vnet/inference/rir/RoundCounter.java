package org.vnet.inference.rir;

import java.util.Arrays;

/**
 * Picks the round boundaries among an endpoint's candidate sends (see {@link RirCalculator}).
 * <p>
 * With {@link RirCalculator#METHOD_LEARNED_ROUNDS} it counts twice. The first pass applies the
 * {@link RirCalculator#METHOD_CAUSAL_ROUNDS} rule and learns, per peer, how many messages a round usually holds (the
 * mode over all rounds, zero included). A peer is <em>regular</em> when that mode is at least one and holds at least
 * {@link #REGULAR_SHARE} of the rounds. The second pass adds a boundary wherever a regular peer gets one message more
 * than its usual count within a round, whatever the gap: the message structure survives an observer that timestamps
 * the sender's frames late and in bursts, its gaps do not. Sporadic peers (background traffic) never trigger it.
 */
final class RoundCounter
{
    /** Smallest share of the rounds the usual count of a regular peer must hold. */
    static final double REGULAR_SHARE = 0.6;
    /** Message counts per round at or above this share one histogram bucket. */
    private static final int MAX_COUNT = 15;

    private RoundCounter()
    {
    }

    /**
     * @return the number of boundaries written to {@code out} (candidate times, ascending).
     */
    static int boundaries(final long[] times, final long[] gaps, final int count, final long threshold,
        final RirCalculator.Parameters p, final long[] out)
    {
        if (p.method() != RirCalculator.METHOD_LEARNED_ROUNDS)
        {
            return pass(times, gaps, count, threshold, p, null, null, out);
        }
        int maxPeer = 0;
        for (int i = 0; i < count; i++)
        {
            maxPeer = Math.max(maxPeer, RirCalculator.peerOf(gaps[i]));
        }
        final int[] histogram = new int[(maxPeer + 1) * (MAX_COUNT + 1)];
        final int boundaries = pass(times, gaps, count, threshold, p, histogram, null, out);
        final int rounds = boundaries + 1;
        final int[] usual = new int[maxPeer + 1];
        boolean any = false;
        for (int peer = 0; peer <= maxPeer; peer++)
        {
            int present = 0;
            int mode = 0;
            for (int k = 1; k <= MAX_COUNT; k++)
            {
                final int n = histogram[peer * (MAX_COUNT + 1) + k];
                present += n;
                if (n > histogram[peer * (MAX_COUNT + 1) + mode])
                {
                    mode = k;
                }
            }
            histogram[peer * (MAX_COUNT + 1)] = rounds - present;
            final int modeRounds = histogram[peer * (MAX_COUNT + 1) + mode];
            if (mode > 0 && mode < MAX_COUNT && modeRounds >= rounds - present && modeRounds >= REGULAR_SHARE * rounds)
            {
                usual[peer] = mode;
                any = true;
            }
        }
        return any ? pass(times, gaps, count, threshold, p, null, usual, out) : boundaries;
    }

    /**
     * One pass of round counting.
     *
     * @param histogram when not null, filled with the number of rounds holding k messages to each peer (k >= 1).
     * @param usual     when not null, per peer the usual messages per round (0: not regular).
     */
    private static int pass(final long[] times, final long[] gaps, final int count, final long threshold,
        final RirCalculator.Parameters p, final int[] histogram, final int[] usual, final long[] out)
    {
        final boolean counting = histogram != null || usual != null;
        final int[] inRound = counting ? new int[(histogram != null ? histogram.length / (MAX_COUNT + 1) :
            usual.length)] : null;
        final int[] touched = counting ? new int[count + 1] : null;
        int touchedCount = 0;
        final long[] round = new long[(RirCalculator.MAX_PEER_INDEX + 1) / 64];
        final boolean causal = p.method() == RirCalculator.METHOD_CAUSAL_ROUNDS ||
            p.method() == RirCalculator.METHOD_LEARNED_ROUNDS;
        int previousPeer = -1;
        int q = 0;
        for (int i = 0; i < count; i++)
        {
            final long packed = gaps[i];
            final int peer = RirCalculator.peerOf(packed);
            final boolean eligible = RirCalculator.eligible(packed, p);
            final boolean answered = causal && RirCalculator.answered(packed);
            boolean boundary = (RirCalculator.gapOf(packed) > threshold || answered) && eligible;
            if (boundary && p.method() != RirCalculator.METHOD_GAP)
            {
                boundary = peer == previousPeer || (round[peer >>> 6] & (1L << peer)) != 0;
            }
            if (!boundary && usual != null && usual[peer] > 0 && inRound[peer] >= usual[peer] && eligible)
            {
                boundary = true;
            }
            if (boundary)
            {
                out[q++] = times[i];
                Arrays.fill(round, 0L);
                if (counting)
                {
                    for (int t = 0; t < touchedCount; t++)
                    {
                        final int other = touched[t];
                        if (histogram != null)
                        {
                            histogram[other * (MAX_COUNT + 1) + Math.min(inRound[other], MAX_COUNT)]++;
                        }
                        inRound[other] = 0;
                    }
                    touchedCount = 0;
                }
            }
            round[peer >>> 6] |= 1L << peer;
            previousPeer = peer;
            if (counting)
            {
                if (inRound[peer]++ == 0)
                {
                    touched[touchedCount++] = peer;
                }
            }
        }
        if (histogram != null)
        {
            for (int t = 0; t < touchedCount; t++)
            {
                histogram[touched[t] * (MAX_COUNT + 1) + Math.min(inRound[touched[t]], MAX_COUNT)]++;
            }
        }
        return q;
    }
}
