package org.vnet.daemon.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vnet.inference.vttif.TrafficMatrix;

class PairRatesTest {
    private static final long A = 0x020000000002L;
    private static final long B = 0x020000000003L;
    private static final long C = 0x020000000004L;
    private static final Map<Long, String> HOSTS = Map.of(A, "h2", B, "h3", C, "h3");

    private static TrafficMatrix matrix(final long ab, final long ba, final long bc) {
        final TrafficMatrix m = new TrafficMatrix();
        m.add(A, B, ab, 1);
        m.add(B, A, ba, 1);
        m.add(B, C, bc, 1);
        return m;
    }

    @Test
    void shouldSumBothDirectionsOfEveryVmPairBetweenTwoHostsOverTheWindow() {
        final PairRates r = new PairRates(2_000);
        r.sample(0, matrix(1_000, 500, 7), HOSTS);
        r.sample(1_000, matrix(3_000, 1_500, 70_000), HOSTS);
        r.sample(2_000, matrix(5_000, 2_500, 140_000), HOSTS);
        final Map<HostPair, Double> rates = r.rates();
        assertEquals(1, rates.size(), "B-C is inside h3");
        assertEquals(3_000.0, rates.get(HostPair.of("h2", "h3")), 1e-9);
    }

    @Test
    void shouldForgetWhatIsOlderThanTheWindow() {
        final PairRates r = new PairRates(2_000);
        r.sample(0, matrix(0, 0, 0), HOSTS);
        r.sample(1_000, matrix(100_000, 0, 0), HOSTS);
        for (long t = 2_000; t <= 6_000; t += 1_000) {
            r.sample(t, matrix(100_000, 0, 0), HOSTS);
        }
        assertFalse(r.rates().containsKey(HostPair.of("h2", "h3")));
    }

    @Test
    void shouldTakeACounterThatWentBackAsARestartNotNegativeTraffic() {
        final PairRates r = new PairRates(10_000);
        r.sample(0, matrix(1_000_000, 0, 0), HOSTS);
        r.sample(1_000, matrix(10, 0, 0), HOSTS);
        r.sample(2_000, matrix(2_010, 0, 0), HOSTS);
        assertEquals(1_000.0, r.rates().get(HostPair.of("h2", "h3")), 1e-9);
    }

    @Test
    void shouldCountNothingForAVmWhoseHostIsUnknown() {
        final PairRates r = new PairRates(10_000);
        r.sample(0, matrix(0, 0, 0), Map.of(A, "h2"));
        r.sample(1_000, matrix(5_000, 5_000, 0), Map.of(A, "h2"));
        assertNull(r.rates().get(HostPair.of("h2", "h3")));
        assertEquals("h2", r.hostOf(A));
    }
}
