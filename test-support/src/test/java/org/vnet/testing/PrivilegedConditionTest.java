package org.vnet.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivilegedConditionTest {
    @TempDir
    Path tmp;

    @Test
    void shouldReadTheEffectiveUidNotTheRealOne() throws IOException {
        final Path status = Files.writeString(tmp.resolve("status"), "Name:\tjava\nUid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
        assertEquals(0, PrivilegedCondition.effectiveUid(status));
    }

    @Test
    void shouldReportUnknownWhenThereIsNoUidLine() throws IOException {
        assertEquals(-1, PrivilegedCondition.effectiveUid(Files.writeString(tmp.resolve("status"), "Name:\tjava\n")));
        assertEquals(-1, PrivilegedCondition.effectiveUid(tmp.resolve("missing")));
    }
}
