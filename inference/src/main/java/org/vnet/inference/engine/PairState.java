package org.vnet.inference.engine;

import org.HdrHistogram.Histogram;

/**
 * Per directed endpoint pair (data sender to receiver): message (train) segmentation and durations, data-to-ACK RTT
 * samples with Karn's rule, and packet-train bandwidth bounds. Allocation-free per event.
 */
final class PairState
{
    private static final int RING = 256;
    private static final int RING_MASK = RING - 1;

    /** One message: a train of payload frames closer than the message gap. */
    static final class Burst
    {
        boolean active;
        long startNs;
        long lastNs;
        long bytes;
        long frames;
        long firstFrameBytes;
        long rttFirst;
        long rttLast;
        int rttCount;

        void start(final long timeNs, final int payload)
        {
            active = true;
            startNs = timeNs;
            lastNs = timeNs;
            bytes = payload;
            frames = 1;
            firstFrameBytes = payload;
            rttCount = 0;
        }

        void onRttSample(final long dataNs, final long rttNs)
        {
            if (active && dataNs >= startNs && dataNs <= lastNs)
            {
                if (rttCount == 0)
                {
                    rttFirst = rttNs;
                }
                rttLast = rttNs;
                rttCount++;
            }
        }
    }

    final EndpointState sender;
    final EndpointState receiver;
    final Histogram rtt = new Histogram(1, 3_600_000_000_000L, 2);
    private final long messageGapNs;
    private final int minTrainFrames;
    private Burst current = new Burst();
    private Burst previous = new Burst();

    private final int[] ringSeqEnd = new int[RING];
    private final long[] ringTimeNs = new long[RING];
    private int ringHead;
    private int ringSize;
    private boolean hasHighest;
    private int highestSeqEnd;
    private int flowPorts = -1;
    /** The flow has carried a PSH on some payload segment: its stack marks the ends of writes. */
    private boolean pushSeen;
    /** The flow's last new payload segment carried PSH (or there was none yet): the next one starts a message. */
    private boolean lastPayloadPushed = true;
    /** Fewest bytes of the receiver's data a send must acknowledge to count as an answer. */
    static final int ANSWER_BYTES = 1024;
    /** Acknowledgement number of the flow's last new payload segment. */
    private int lastPayloadAck;
    private boolean hasPayloadAck;
    /** Fewest bytes a frame of the flow carried besides its payload: one segment's headers. */
    private int headerBytes = Integer.MAX_VALUE;
    /** Largest payload of one segment seen on the flow (its MSS as far as the frames show), or 0. */
    private int segmentBytes;
    /** The flow has carried a PSH on a segment that was not full: its writes end at arbitrary offsets. */
    private boolean partialPushSeen;

    /** The pair in the other direction, once it exists. */
    PairState reverse;
    long messagesStarted;
    long lastMessageStartNs = Long.MIN_VALUE;
    /**
     * Messages that started after the other side's message of the same exchange (the other side's latest message
     * began after this side's previous one and is closer to now than half this side's message period).
     */
    long lateMessages;
    long payloadFrames;
    long payloadBytes;
    long retransmissions;
    long messages;
    long messageBytes;
    long cumulativeDurationNs;
    long trains;
    double maxSteadyTrainBps;
    double minRisingTrainBps = Double.POSITIVE_INFINITY;

    PairState(final EndpointState sender, final EndpointState receiver, final long messageGapNs,
        final int minTrainFrames)
    {
        this.sender = sender;
        this.receiver = receiver;
        this.messageGapNs = messageGapNs;
        this.minTrainFrames = minTrainFrames;
    }

    /**
     * A frame from sender to receiver carrying payload or a SYN/FIN.
     *
     * @param tcp whether seq is meaningful.
     * @param ports (srcPort << 16 | dstPort) of the TCP flow.
     * @param seqSpace sequence space consumed (payload + SYN + FIN).
     */
    /** Whether a TCP segment of this flow covering {@code [seq, seq + seqSpace)} repeats bytes already sent. */
    /**
     * Whether a payload segment of flow {@code ports} continues a message its sender is still writing: the flow's
     * stack marks the end of each write with PSH (it has done so before) and its previous payload segment carried
     * none. Such a segment, sent after a wait for the window to open, starts no new exchange.
     */
    boolean continuesMessage(final int ports)
    {
        return pushSeen && ports == flowPorts && !lastPayloadPushed;
    }

    /**
     * Whether a new payload segment of flow {@code ports} acknowledging {@code ack} answers the receiver: it
     * acknowledges at least {@link #ANSWER_BYTES} of data the receiver sent after the flow's previous payload segment
     * (a message, not a rendezvous clear-to-send or a small control reply). Remembers {@code ack}.
     */
    boolean answers(final int ports, final int ack)
    {
        if (ports != flowPorts)
        {
            return false;
        }
        final boolean answered = hasPayloadAck && ack - lastPayloadAck >= ANSWER_BYTES;
        lastPayloadAck = ack;
        hasPayloadAck = true;
        return answered;
    }

    boolean isRetransmission(final int ports, final int seq, final int seqSpace)
    {
        return seqSpace > 0 && hasHighest && ports == flowPorts && (seq + seqSpace) - highestSeqEnd <= 0;
    }

    /**
     * A frame of this flow's sender without sequence space (a pure ACK): its length beyond the payload is one
     * segment's headers.
     */
    void onHeaders(final int ports, final int overhead)
    {
        if (ports == flowPorts)
        {
            noteHeaders(overhead);
        }
    }

    private void noteHeaders(final int overhead)
    {
        if (overhead > 0 && overhead < headerBytes)
        {
            headerBytes = overhead;
            segmentBytes = 0;
        }
    }

    /**
     * Whether a pushed payload of {@code payload} bytes in a frame of {@code frameLength} (wire) bytes ends a
     * write, as opposed to a push the stack forced in the middle of one (Linux pushes when a write outruns half
     * the peer's largest window, then waits for the window): a forced push ends on a full segment, the end of a
     * write rarely does. A super-frame's wire length holds one set of headers per segment, so its segments and
     * their size can be told. Only a flow that also pushes partial segments has its full pushed ones discounted.
     */
    private boolean endsWrite(final int payload, final int frameLength, final boolean push)
    {
        final int overhead = frameLength - payload;
        noteHeaders(overhead);
        final int segments = headerBytes == Integer.MAX_VALUE || overhead % headerBytes != 0 ? 0 :
            overhead / headerBytes;
        if (segments >= 2)
        {
            segmentBytes = Math.max(segmentBytes, (payload + segments - 1) / segments);
        }
        else if (segments == 1 && !push)
        {
            segmentBytes = Math.max(segmentBytes, payload);
        }
        if (!push)
        {
            return false;
        }
        final boolean full = segments >= 1 && segmentBytes > 0 && payload == segments * segmentBytes;
        partialPushSeen |= !full;
        return !full || !partialPushSeen;
    }

    /**
     * @param frameLength the frame's wire length (0: unknown), to tell forced pushes from the ends of writes.
     */
    void onData(final long timeNs, final int payload, final boolean tcp, final int ports, final int seq,
        final int seqSpace, final boolean syn, final boolean push, final int frameLength)
    {
        if (payload > 0)
        {
            payloadFrames++;
            payloadBytes += payload;
            if (current.active && timeNs - current.lastNs <= messageGapNs)
            {
                current.lastNs = timeNs;
                current.bytes += payload;
                current.frames++;
            }
            else
            {
                if (previous.active)
                {
                    finish(previous);
                }
                final Burst swap = previous;
                previous = current;
                current = swap;
                current.start(timeNs, payload);
                messagesStarted++;
                final long previousStart = lastMessageStartNs;
                if (reverse != null && previousStart != Long.MIN_VALUE && reverse.lastMessageStartNs > previousStart &&
                    (timeNs - reverse.lastMessageStartNs) * 2 < timeNs - previousStart)
                {
                    lateMessages++;
                }
                lastMessageStartNs = timeNs;
            }
        }
        if (!tcp || seqSpace <= 0)
        {
            return;
        }
        if (syn || flowPorts == -1)
        {
            if (flowPorts != ports)
            {
                flowPorts = ports;
                hasHighest = false;
                ringSize = 0;
            }
        }
        if (ports != flowPorts)
        {
            return;
        }
        final int seqEnd = seq + seqSpace;
        if (hasHighest && seqEnd - highestSeqEnd <= 0)
        {
            retransmissions++;
            ringSize = 0;
            return;
        }
        hasHighest = true;
        highestSeqEnd = seqEnd;
        if (payload > 0)
        {
            pushSeen |= push;
            lastPayloadPushed = frameLength > payload ? endsWrite(payload, frameLength, push) : push;
        }
        if (ringSize == RING)
        {
            ringHead = (ringHead + 1) & RING_MASK;
            ringSize--;
        }
        final int slot = (ringHead + ringSize) & RING_MASK;
        ringSeqEnd[slot] = seqEnd;
        ringTimeNs[slot] = timeNs;
        ringSize++;
    }

    /**
     * An ACK from receiver to sender.
     *
     * @return the RTT sample it yields, or -1.
     */
    long onAck(final long timeNs, final int ports, final int ack)
    {
        if (ports != flowPorts)
        {
            return -1;
        }
        long sampleDataNs = -1;
        while (ringSize > 0 && ack - ringSeqEnd[ringHead] >= 0)
        {
            sampleDataNs = ringTimeNs[ringHead];
            ringHead = (ringHead + 1) & RING_MASK;
            ringSize--;
        }
        if (sampleDataNs < 0)
        {
            return -1;
        }
        final long sample = Math.max(1, timeNs - sampleDataNs);
        rtt.recordValue(Math.min(sample, rtt.getHighestTrackableValue()));
        current.onRttSample(sampleDataNs, sample);
        previous.onRttSample(sampleDataNs, sample);
        return sample;
    }

    /** Messages so far, including the ones still open. */
    long messagesSoFar()
    {
        return messages + (previous.active ? 1 : 0) + (current.active ? 1 : 0);
    }

    /** Message bytes so far, including the open messages. */
    long messageBytesSoFar()
    {
        return messageBytes + (previous.active ? previous.bytes : 0) + (current.active ? current.bytes : 0);
    }

    /** First-to-last frame time of all messages so far, including the open ones. */
    long durationSoFarNs()
    {
        return cumulativeDurationNs + (previous.active ? previous.lastNs - previous.startNs : 0) +
            (current.active ? current.lastNs - current.startNs : 0);
    }

    private void finish(final Burst burst)
    {
        burst.active = false;
        messages++;
        messageBytes += burst.bytes;
        cumulativeDurationNs += burst.lastNs - burst.startNs;
        if (burst.frames >= minTrainFrames && burst.lastNs > burst.startNs)
        {
            trains++;
            final double bps = (burst.bytes - burst.firstFrameBytes) * 8.0 / ((burst.lastNs - burst.startNs) / 1e9);
            final boolean rising = burst.rttCount >= 2 && burst.rttLast > burst.rttFirst * 1.25;
            if (rising)
            {
                minRisingTrainBps = Math.min(minRisingTrainBps, bps);
            }
            else
            {
                maxSteadyTrainBps = Math.max(maxSteadyTrainBps, bps);
            }
        }
    }
}
