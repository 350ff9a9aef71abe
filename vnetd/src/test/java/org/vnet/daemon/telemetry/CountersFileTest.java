package org.vnet.daemon.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountersFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldCreateTheCountersFileReadableByItsOwnerOnly() throws Exception {
        final Path path = dir.resolve("h1.counters");
        try (CountersFile file = CountersFile.create(path)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())));
        }
    }

    @Test
    void shouldReplaceAWorldReadableCountersFileWithAnOwnerOnlyOne() throws Exception {
        final Path path = dir.resolve("h1.counters");
        Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        Files.createFile(dir.resolve("h1.counters.tmp"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-")));
        try (CountersFile file = CountersFile.create(path)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())));
        }
    }
}
