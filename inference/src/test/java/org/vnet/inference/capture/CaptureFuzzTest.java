package org.vnet.inference.capture;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import org.vnet.inference.event.EventSource;
import org.vnet.testing.FuzzChecks;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pcap and pcapng readers on any bytes: they yield events or a {@link CaptureFormatException} with a reason,
 * never another exception, never more events than the bytes can hold, and a poll that returns short has reached
 * the end. Seeds: {@code CaptureFuzzTestInputs/} (each link type, both byte orders, both resolutions).
 */
class CaptureFuzzTest
{
    private static final int POLL_LIMIT = 8;
    private static final int SMALLEST_RECORD = 16;
    /** One read window for every input: a fresh 1 MiB direct buffer per input would make fuzzing wait on GC. */
    private static final ByteBuffer WINDOW = ByteBuffer.allocateDirect(CaptureInput.CAPACITY);

    @FuzzTest(maxDuration = "5m")
    void shouldReadOrRefuseAnyPcap(final byte[] data)
    {
        readOrRefuse(data, c -> new PcapReader(new CaptureInput(c, WINDOW)));
    }

    @FuzzTest(maxDuration = "5m")
    void shouldReadOrRefuseAnyPcapng(final byte[] data)
    {
        readOrRefuse(data, c -> new PcapngReader(new CaptureInput(c, WINDOW)));
    }

    /** Found by review (the fuzz inputs are too small): a record longer than the reader's window spun forever. */
    @Test
    void shouldRefusePcapRecordLargerThanTheReadWindowInsteadOfSpinning()
    {
        final int captured = 2 * CaptureInput.CAPACITY;
        final ByteBuffer file = ByteBuffer.allocate(24 + 16 + captured).order(ByteOrder.LITTLE_ENDIAN);
        file.putInt(PcapReader.MAGIC_MICROS).putShort((short)2).putShort((short)4).putInt(0).putInt(0)
            .putInt(Integer.MAX_VALUE).putInt(LinkTypes.ETHERNET);
        file.putInt(1).putInt(0).putInt(captured).putInt(captured);
        final CaptureFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        {
            try (EventSource source = new PcapReader(Channels.newChannel(new ByteArrayInputStream(file.array()))))
            {
                return assertThrows(CaptureFormatException.class, () -> source.poll(r -> { }, 1));
            }
        });
        assertTrue(e.getMessage().contains("captured length " + captured), e.getMessage());
    }

    /** Found by review: a captured length near 2^31 overflowed the bytes wanted and read past the window. */
    @Test
    void shouldRefusePcapRecordWhoseLengthOverflows()
    {
        final ByteBuffer file = ByteBuffer.allocate(24 + 16 + 64).order(ByteOrder.LITTLE_ENDIAN);
        file.putInt(PcapReader.MAGIC_MICROS).putShort((short)2).putShort((short)4).putInt(0).putInt(0)
            .putInt(Integer.MAX_VALUE).putInt(LinkTypes.ETHERNET);
        file.putInt(1).putInt(0).putInt(Integer.MAX_VALUE - 4).putInt(64);
        try (EventSource source = new PcapReader(Channels.newChannel(new ByteArrayInputStream(file.array()))))
        {
            final CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> source.poll(r -> { }, 1));
            assertTrue(e.getMessage().startsWith("corrupt packet record header"), e.getMessage());
        }
    }

    private static void readOrRefuse(final byte[] data, final Function<ReadableByteChannel, CaptureSource> open)
    {
        final FuzzChecks.Meter meter = FuzzChecks.meter();
        long events = 0;
        try (CaptureSource source = open.apply(Channels.newChannel(new ByteArrayInputStream(data))))
        {
            while (!source.isExhausted())
            {
                final int n = source.poll(r -> { }, POLL_LIMIT);
                events += n;
                assertTrue(n == POLL_LIMIT || source.isExhausted(), "a short poll before the end: " + n);
                assertTrue(events <= data.length / SMALLEST_RECORD, "more events than records fit: " + events);
            }
            assertEquals(events, source.packetsRead());
            assertTrue(source.bytesRead() <= data.length, "read past the end: " + source.bytesRead());
        }
        catch (final CaptureFormatException e)
        {
            FuzzChecks.assertClearMessage(e);
        }
        meter.assertAllocatedAtMost(data.length, 64, "reading a capture");
    }
}
