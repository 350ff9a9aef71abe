package org.vnet.daemon.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.model.NetworkState;

/**
 * kill -9 in a loop during a stream of changes: every round starts {@link StateChangerMain} on the
 * same state file, which recovers what the last round left, and SIGKILLs it (by PID) after a random
 * number of acknowledged changes; the next round (and, at the end, this JVM) checks that the
 * recovered state holds every acknowledged change and at most the one in flight besides.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StateKillTest {
    private static final int ROUNDS = 20;
    private static final int MIN_ROUNDS = 5;
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(75);

    @TempDir
    Path tmp;

    @Test
    void shouldLoseNoAcknowledgedChangeWhenKilledAtRandomMoments() throws Exception {
        final Path file = tmp.resolve("state/h1.state.json");
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final long start = System.nanoTime();
        long acked = -1;
        int rounds = 0;
        int tornTails = 0;
        long totalAcks = 0;
        while (rounds < ROUNDS && (rounds < MIN_ROUNDS || System.nanoTime() - start < BUDGET_NANOS)) {
            final long interval = 1 + random.nextInt(30);
            final int killAfter = 1 + random.nextInt(3_000);
            final Path err = tmp.resolve("changer-" + rounds + ".err");
            final Process child = changer(file, err, Long.toString(acked), Long.toString(interval));
            final String context = "round " + rounds + " (seed " + seed + ", acknowledged " + acked + ", stderr " + err + ")";
            long last;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                final String first = out.readLine();
                assertNotNull(first, "the changer printed nothing; " + context);
                final String[] words = first.split(" ");
                if (acked < 0) {
                    assertEquals("ack 0", first, context);
                    last = 0;
                } else {
                    assertEquals("start", words[0], first + "; " + context);
                    last = Long.parseLong(words[1]);
                    assertTrue(last == acked || last == acked + 1, first + "; " + context);
                    tornTails += Integer.parseInt(words[3]) > 0 ? 1 : 0;
                }
                int acks = 0;
                String line;
                while (acks < killAfter && (line = out.readLine()) != null) {
                    last = ack(line, last, context);
                    acks++;
                }
                assertEquals(killAfter, acks, "the changer stopped early; " + context);
                // SIGKILL by PID: no shutdown hook, no close, wherever the changer is (appending, compacting, printing)
                final Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).inheritIO().start();
                assertEquals(0, kill.waitFor(), "kill -KILL " + child.pid());
                // what it acknowledged before dying is still in the pipe
                while ((line = out.readLine()) != null) {
                    last = ack(line, last, context);
                    acks++;
                }
                totalAcks += acks;
            } finally {
                child.destroyForcibly();
            }
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), context);
            assertEquals(128 + 9, child.exitValue(), context);
            acked = last;
            rounds++;
        }
        // The last kill is recovered here, in this JVM.
        try (DurableState d = DurableState.open(file, DurableState.Settings.DEFAULTS)) {
            final NetworkState got = d.loaded().orElseThrow();
            final NetworkState atAcked = ChangeStream.at(acked);
            assertTrue(ChangeStream.same(atAcked, got) || ChangeStream.same(ChangeStream.next(atAcked, acked + 1), got),
                "acknowledged up to " + acked + " (" + ChangeStream.describe(atAcked) + "), recovered " + ChangeStream.describe(got));
        }
        assertTrue(rounds >= MIN_ROUNDS, rounds + " rounds");
        System.out.printf("kill -9 test: %d rounds, %d changes acknowledged, none lost; %d restarts ignored unusable"
            + " journal records (seed %d)%n", rounds, totalAcks, tornTails, seed);
    }

    private static long ack(final String line, final long last, final String context) {
        assertTrue(line.startsWith("ack "), line + "; " + context);
        final long k = Long.parseLong(line.substring(4));
        assertEquals(last + 1, k, "acknowledgements in order; " + context);
        return k;
    }

    @Test
    void shouldRecoverEveryAcknowledgedChangeWhenKilledInsideAnAppend() throws Exception {
        final Path file = tmp.resolve("state/h1.state.json");
        final Path err = tmp.resolve("changer.err");
        final Process child = changer(file, err, "-1", "60000", "100");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            long last = -1;
            String line;
            while ((line = out.readLine()) != null && !line.equals("inside")) {
                last = ack(line, last, "stderr " + err);
            }
            assertEquals("inside", line, "stderr " + err);
            assertEquals(100, last);
            final Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -KILL " + child.pid());
        } finally {
            child.destroyForcibly();
        }
        assertTrue(child.waitFor(20, TimeUnit.SECONDS));
        // a minute's interval: only change 0 was compacted (at once); 1..100 are in the journal, then half a record
        try (DurableState d = DurableState.open(file, DurableState.Settings.DEFAULTS)) {
            assertTrue(ChangeStream.same(ChangeStream.at(100), d.loaded().orElseThrow()),
                ChangeStream.describe(d.loaded().orElseThrow()));
            assertEquals(101, d.seq());
            d.save(ChangeStream.at(101));
            assertEquals(102, d.seq());
        }
        try (DurableState d = DurableState.open(file, DurableState.Settings.DEFAULTS)) {
            assertTrue(ChangeStream.same(ChangeStream.at(101), d.loaded().orElseThrow()));
        }
    }

    private Process changer(final Path file, final Path err, final String... args) throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle")).toList());
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            StateChangerMain.class.getName(), file.toString()));
        command.addAll(List.of(args));
        Files.createDirectories(err.getParent());
        return new ProcessBuilder(command).redirectError(err.toFile()).start();
    }
}
