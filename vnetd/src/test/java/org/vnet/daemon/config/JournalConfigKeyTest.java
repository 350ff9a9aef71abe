package org.vnet.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.journal.JournalConfig;
import org.vnet.journal.JournalRoll;

class JournalConfigKeyTest {
    @TempDir
    Path dir;

    private Path write(final String yaml) throws IOException {
        return Files.writeString(dir.resolve("h1.yaml"), yaml);
    }

    private ConfigException refused(final String yaml) throws IOException {
        final Path f = write(yaml);
        return assertThrows(ConfigException.class, () -> DaemonConfig.load(f));
    }

    private static void assertProblem(final ConfigException e, final String expected) {
        assertTrue(e.problems().stream().anyMatch(p -> p.contains(expected)),
            "want a problem containing [" + expected + "] in:\n" + e.getMessage());
    }

    @Test
    void shouldLeaveJournalOffWhenKeyIsAbsent() throws Exception {
        assertNull(DaemonConfig.load(write("name: h1\n")).journal());
    }

    @Test
    void shouldDefaultToHourlyAndTwentyFourCycles() throws Exception {
        final JournalConfig j = DaemonConfig.load(write("name: h1\njournal: { dir: j/h1.journal }\n")).journal();
        assertEquals(dir.resolve("j/h1.journal"), j.dir());
        assertEquals(JournalRoll.HOURLY, j.roll());
        assertEquals(24, j.cycles());
    }

    @Test
    void shouldReadRollCycleAndCycles() throws Exception {
        final JournalConfig j = DaemonConfig.load(write("""
            name: h1
            journal:
              dir: /var/lib/vnet/h1.journal
              rollCycle: MINUTELY
              cycles: 90
            """)).journal();
        assertEquals(Path.of("/var/lib/vnet/h1.journal"), j.dir());
        assertEquals(JournalRoll.MINUTELY, j.roll());
        assertEquals(90, j.cycles());
    }

    @Test
    void shouldRefuseMissingDirBadRollAndBadCycles() throws Exception {
        assertProblem(refused("name: h1\njournal: { rollCycle: DAILY }\n"), "h1.yaml:2: journal.dir: missing");
        assertProblem(refused("name: h1\njournal: { dir: j, rollCycle: WEEKLY }\n"),
            "journal.rollCycle: 'WEEKLY' is not a roll cycle (want MINUTELY, HOURLY or DAILY)");
        assertProblem(refused("name: h1\njournal: { dir: j, cycles: 0 }\n"), "journal.cycles: 0 is out of range");
        assertProblem(refused("name: h1\njournal: { dir: j, keep: 3 }\n"), "unknown key 'keep'");
    }

    @Test
    void shouldRefuseDirThatIsAFile() throws Exception {
        Files.writeString(dir.resolve("plain"), "x");
        assertProblem(refused("name: h1\njournal: { dir: plain }\n"), "exists and is not a directory");
    }
}
