package org.vnet.bench.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.vnet.daemon.telemetry.CountersFile;
import org.vnet.daemon.telemetry.Telemetry;

/**
 * A real memory-mapped counters file in a fresh temporary directory with the daemon's
 * {@link Telemetry} on it, as vnetd creates at start-up; {@link #close} unmaps and deletes both.
 */
public final class TempCounters implements AutoCloseable {
    private final Path dir;
    private final Telemetry telemetry;

    private TempCounters(final Path dir, final Telemetry telemetry) {
        this.dir = dir;
        this.telemetry = telemetry;
    }

    /** Creates the directory, the counters file and the system counters. */
    public static TempCounters create() throws IOException {
        final Path dir = Files.createTempDirectory("vnet-bench-");
        return new TempCounters(dir, new Telemetry(CountersFile.create(dir.resolve("counters"))));
    }

    /** The daemon counters in the file. */
    public Telemetry telemetry() {
        return telemetry;
    }

    @Override
    public void close() throws IOException {
        telemetry.close();
        Files.deleteIfExists(dir);
    }
}
