package org.vnet.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

import org.vnet.testing.FuzzChecks;

/**
 * The control protocol's request decoder on any bytes: it answers a request or a {@link ProtocolException} with a
 * reason, never anything else, within bounded memory; a request it accepts encodes back to the same request.
 * Seeds: {@code RequestFuzzTestInputs/} (one valid request per command and typical mistakes).
 */
class RequestFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void shouldDecodeOrRefuseWithReasonAnyLine(final byte[] line) {
        final FuzzChecks.Meter meter = FuzzChecks.meter();
        final Request request;
        try {
            request = Request.decode(line, 0, line.length);
        } catch (final ProtocolException e) {
            FuzzChecks.assertClearMessage(e);
            meter.assertAllocatedAtMost(line.length, 256, "refusing a request");
            return;
        }
        meter.assertAllocatedAtMost(line.length, 256, "decoding a request");
        final JsonNode encoded = Request.encode(request.command(), (Record) request.body());
        final Request again;
        try {
            again = Request.decode(encoded);
        } catch (final ProtocolException e) {
            throw new AssertionError("the encoding of an accepted request is refused: " + encoded, e);
        }
        assertEquals(request.command(), again.command());
        assertEquals(request.body(), again.body());
    }
}
