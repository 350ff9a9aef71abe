package org.vnet.daemon.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.vnet.testing.FuzzChecks;

/**
 * The YAML configuration loader on any file: it answers a configuration or a {@link ConfigException} whose every
 * problem names the file, never another exception, in bounded memory; the network state of a
 * configuration it accepts builds. Seeds: {@code ConfigFuzzTestInputs/} (the documented keys, every section).
 */
class ConfigFuzzTest {
    private static Path dir;

    private static Path file() {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("config-fuzz");
            }
            return dir.resolve("h1.yaml");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeDir() throws IOException {
        if (dir != null) {
            Files.deleteIfExists(dir.resolve("h1.yaml"));
            Files.deleteIfExists(dir);
            dir = null;
        }
    }

    @FuzzTest(maxDuration = "5m")
    void shouldLoadOrRefuseAnyYaml(final byte[] yaml) throws IOException {
        final Path file = file();
        Files.write(file, yaml);
        final FuzzChecks.Meter meter = FuzzChecks.meter();
        try {
            final DaemonConfig config = DaemonConfig.load(file);
            assertFalse(config.name().isBlank());
            config.initialState();
        } catch (final ConfigException e) {
            FuzzChecks.assertClearMessage(e);
            assertFalse(e.problems().isEmpty());
            for (final String problem : e.problems()) {
                assertTrue(problem.startsWith(file.toString()), () -> "a problem that names no file: " + problem);
            }
        }
        meter.assertAllocatedAtMost(yaml.length, 4096, "loading a config");
    }
}
