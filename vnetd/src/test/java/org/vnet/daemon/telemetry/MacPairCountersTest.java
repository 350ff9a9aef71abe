package org.vnet.daemon.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MacPairCountersTest {
    @TempDir
    Path dir;

    static Map<String, Long> read(final Path file) throws Exception {
        final CountersReader r = CountersFile.openReader(file);
        final Map<String, Long> m = new HashMap<>();
        r.forEach((value, id, label) -> m.put(label, value));
        return m;
    }

    @Test
    void shouldCountFramesAndBytesPerPairReadableFromTheFile() throws Exception {
        try (CountersFile file = CountersFile.create(dir.resolve("c"))) {
            final MacPairCounters pairs = new MacPairCounters(file.manager());
            pairs.count(0x0200_0000_0001L, 0x0200_0000_0002L, 100);
            pairs.count(0x0200_0000_0001L, 0x0200_0000_0002L, 60);
            pairs.count(0x0200_0000_0002L, 0x0200_0000_0001L, 42);
            final Map<String, Long> m = read(file.path());
            assertEquals(2L, m.get("pair 02:00:00:00:00:01>02:00:00:00:00:02 frames"));
            assertEquals(160L, m.get("pair 02:00:00:00:00:01>02:00:00:00:00:02 bytes"));
            assertEquals(42L, m.get("pair 02:00:00:00:00:02>02:00:00:00:00:01 bytes"));
            assertEquals(2, pairs.pairs());
        }
    }

    @Test
    void shouldCountPairsBeyondTheBoundUnderOther() throws Exception {
        try (CountersFile file = CountersFile.create(dir.resolve("c"))) {
            final MacPairCounters pairs = new MacPairCounters(file.manager());
            for (int i = 0; i < MacPairCounters.MAX_PAIRS + 10; i++) {
                pairs.count(i + 1, 0xFFFF, 1);
            }
            assertEquals(MacPairCounters.MAX_PAIRS, pairs.pairs());
            assertEquals(10L, read(file.path()).get("pair other frames"));
        }
    }
}
