package org.vnet.daemon.journal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A small tmpfs mounted by a test (needs root: its tests are {@code @Privileged}; skipped if the mount fails). */
final class TmpfsMount {
    private TmpfsMount() {
    }

    static Path mount(final Path dir, final String options) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        final int rc = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString());
        assumeTrue(rc == 0, "mount -t tmpfs failed (rc " + rc + ")");
        return dir;
    }

    static void unmount(final Path dir) throws IOException, InterruptedException {
        run("umount", dir.toString());
    }

    private static int run(final String... command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
