package org.vnet.daemon.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.inference.event.EventRecord;
import org.vnet.journal.JournalSource;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KillTest {
    @TempDir
    Path tmp;

    @Test
    void shouldLeaveAJournalReadableUpToTheLastCompleteRecordAfterKillMinus9() throws Exception {
        final Path dir = tmp.resolve("killed.journal");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle")).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), JournalWriterMain.class.getName(),
            dir.toString()));
        final Process writer = new ProcessBuilder(command).redirectError(tmp.resolve("writer.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", out.readLine(), "the writer did not start; see " + tmp.resolve("writer.err"));
            // the writer appends without pause after "ready", so the kill lands mid-append.
            // Process.destroyForcibly is SIGKILL on Linux: no shutdown hook, no close
            writer.destroyForcibly();
            assertTrue(writer.waitFor(10, TimeUnit.SECONDS));
            assertEquals(128 + 9, writer.exitValue());
        }
        final UnsafeBuffer expected = Records.buffer();
        final long[] next = {0};
        try (JournalSource source = JournalSource.open(dir, false)) {
            while (!source.isExhausted()) {
                source.poll(r -> {
                    Records.record(next[0]++, expected);
                    for (int i = 0; i < EventRecord.LENGTH; i++) {
                        assertEquals(expected.getByte(i), r.buffer().getByte(r.offset() + i), "record " + (next[0] - 1));
                    }
                }, 4096);
            }
            assertEquals(0, source.skipped());
        }
        assertTrue(next[0] > 10_000, "read " + next[0] + " records");
        System.out.println("kill -9 test: " + next[0] + " complete records read back in order");
    }
}
