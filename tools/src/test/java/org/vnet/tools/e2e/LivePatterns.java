package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.vnet.testing.Await;

/**
 * Patterns on VMs 1..4 of a running testbed, for the tests that ask the daemons (not a capture) what
 * they inferred: starts one rank per VM (highest first, so every rank finds its higher-ranked peers
 * listening) through the testbed's {@code spawn}, so that teardown stops them by PID, and waits for
 * the true iteration rate each rank prints when it is done.
 */
final class LivePatterns {
    private static final Pattern RATE = Pattern.compile("rate_it_per_s=([0-9.]+)");
    private static final int RANKS = 4;

    private LivePatterns() {
    }

    /** Starts ranks 3..0 with Patterns' {@code options} (topology, sizes, iterations). */
    static void start(final Testbed tb, final String... options) {
        final String peers = String.join(",", tb.vmIp(1), tb.vmIp(2), tb.vmIp(3), tb.vmIp(4));
        for (int rank = RANKS - 1; rank >= 0; rank--) {
            final List<String> cmd = new ArrayList<>(List.of(Testbed.SCRIPT.toString(), "spawn", "--prefix", tb.prefix,
                "patterns" + rank, tb.vmNs(rank + 1), Testbed.ROOT.resolve("tools/bin/patterns").toString(),
                "--rank", Integer.toString(rank), "--peers", peers));
            cmd.addAll(List.of(options));
            final Testbed.Result r = Testbed.run(20, cmd);
            assertTrue(r.ok(), r.toString());
        }
    }

    /** Each rank's true iteration rate, waiting up to {@code timeoutSeconds} for all of them. */
    static List<Double> trueRates(final Testbed tb, final int timeoutSeconds) {
        final List<Double> rates = new ArrayList<>();
        final long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        for (int rank = 0; rank < RANKS; rank++) {
            final String name = "patterns" + rank;
            final String log = Await.until(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
                "rank " + rank + " to finish and print its rate", () -> tb.log(name), l -> RATE.matcher(l).find());
            final Matcher m = RATE.matcher(log);
            assertTrue(m.find(), log);
            rates.add(Double.parseDouble(m.group(1)));
        }
        return rates;
    }
}
