package org.vnet.inference.engine;

import org.HdrHistogram.Histogram;
import org.agrona.collections.Long2LongHashMap;
import org.vnet.inference.bic.BicAccumulator;
import org.vnet.inference.bic.EventKind;
import org.vnet.inference.rir.RirCalculator;

import java.util.Arrays;

/**
 * Everything the engine accumulates for one endpoint (a MAC, or a provisional IP-keyed endpoint); updated
 * allocation-free per event except when arrays grow.
 */
final class EndpointState
{
    private static final int MAX_IPS = 8;

    final long key;
    final int index;
    final BicAccumulator bic;
    final Histogram rtt = new Histogram(1, 3_600_000_000_000L, 2);
    final long[] ipHigh = new long[MAX_IPS];
    final long[] ipLow = new long[MAX_IPS];
    int ipCount;
    long framesSent;
    long bytesSent;
    long framesReceived;
    long bytesReceived;
    long firstNs = Long.MAX_VALUE;
    long lastNs = Long.MIN_VALUE;
    long payloadSends;
    long lastPayloadSendNs = Long.MIN_VALUE;
    boolean payloadReceivedSinceSend;
    boolean receivedSinceSend;
    private final Long2LongHashMap peerIndex = new Long2LongHashMap(-1);
    long[] candidateTimes = new long[64];
    long[] candidateGaps = new long[64];
    int candidateCount;

    private final int maxCandidates;
    /** Candidates before this time were dropped to bound memory; RIR starts here. */
    long candidateFloorNs = Long.MIN_VALUE;

    EndpointState(final long key, final int index, final long bicMaxGapNs, final int maxCandidates)
    {
        this.maxCandidates = maxCandidates;
        this.key = key;
        this.index = index;
        this.bic = new BicAccumulator(bicMaxGapNs);
    }

    void addIp(final long high, final long low)
    {
        for (int i = 0; i < ipCount; i++)
        {
            if (ipHigh[i] == high && ipLow[i] == low)
            {
                return;
            }
        }
        if (ipCount < MAX_IPS)
        {
            ipHigh[ipCount] = high;
            ipLow[ipCount] = low;
            ipCount++;
        }
    }

    void touch(final long timeNs)
    {
        firstNs = Math.min(firstNs, timeNs);
        lastNs = Math.max(lastNs, timeNs);
    }

    void onSend(final int kind, final long timeNs, final long peer, final int frameLength)
    {
        onSend(kind, timeNs, peer, frameLength, false, false, false);
    }

    /**
     * @param resent       the frame only repeats bytes already sent (TCP retransmission): counted as a frame and
     *                     for BIC, but it is no new payload send for RIR.
     * @param continuation the frame continues a message still being written: a payload send (the next gap is
     *                     measured from it) but no RIR candidate.
     * @param answers      the frame acknowledges data its recipient sent since the previous payload frame to it.
     */
    void onSend(final int kind, final long timeNs, final long peer, final int frameLength, final boolean resent,
        final boolean continuation, final boolean answers)
    {
        framesSent++;
        bytesSent += frameLength;
        touch(timeNs);
        bic.onEvent(kind, timeNs, peer);
        if (kind == EventKind.SP && !resent)
        {
            payloadSends++;
            if (lastPayloadSendNs != Long.MIN_VALUE && !continuation)
            {
                if (candidateCount == maxCandidates)
                {
                    final int keep = maxCandidates / 2;
                    System.arraycopy(candidateTimes, candidateCount - keep, candidateTimes, 0, keep);
                    System.arraycopy(candidateGaps, candidateCount - keep, candidateGaps, 0, keep);
                    candidateCount = keep;
                    candidateFloorNs = candidateTimes[0] - RirCalculator.gapOf(candidateGaps[0]);
                }
                if (candidateCount == candidateTimes.length)
                {
                    candidateTimes = Arrays.copyOf(candidateTimes, Math.min(maxCandidates, candidateCount * 2));
                    candidateGaps = Arrays.copyOf(candidateGaps, Math.min(maxCandidates, candidateCount * 2));
                }
                candidateTimes[candidateCount] = timeNs;
                candidateGaps[candidateCount] = RirCalculator.packGap(timeNs - lastPayloadSendNs,
                    receivedSinceSend, payloadReceivedSinceSend, peerIndex(peer), answers);
                candidateCount++;
            }
            lastPayloadSendNs = timeNs;
            payloadReceivedSinceSend = false;
            receivedSinceSend = false;
        }
    }

    private int peerIndex(final long peer)
    {
        long index = peerIndex.get(peer);
        if (index < 0)
        {
            index = Math.min(peerIndex.size(), RirCalculator.MAX_PEER_INDEX);
            peerIndex.put(peer, index);
        }
        return (int)index;
    }

    void onReceive(final int kind, final long timeNs, final long peer, final int frameLength)
    {
        framesReceived++;
        bytesReceived += frameLength;
        touch(timeNs);
        bic.onEvent(kind, timeNs, peer);
        receivedSinceSend = true;
        if (kind == EventKind.RP)
        {
            payloadReceivedSinceSend = true;
        }
    }
}
