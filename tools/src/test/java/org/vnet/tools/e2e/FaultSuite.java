package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.vnet.testing.Await;
import org.vnet.testing.Privileged;

/**
 * Faults on a two-host testbed (h1 and h2 linked, VM v1 on h1 and v2 on h2), each test bounded to
 * 60 s: a peer daemon SIGKILLed and restarted under a TCP flow between the VMs, and the underlay
 * of one host going down for a few seconds. Subclasses pick the link transport and data path.
 */
@Privileged
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FaultSuite {
    /** How long the underlay stays down in the flap test (a UDP link needs 3 s of silence to go down). */
    static final Duration FLAP = Duration.ofSeconds(3);
    Testbed tb;

    /** "udp", "tcp" or "tls". */
    abstract String transport();

    /** More testbed options (e.g. the data path). */
    List<String> testbedOptions() {
        return List.of();
    }

    /** Called once the testbed is up (e.g. to skip where a data path is missing). */
    void afterUp() {
    }

    /**
     * Whether a link goes down when its peer falls silent: UDP links by keepalives; a TCP/TLS link
     * rides a short underlay outage on TCP's retransmissions and stays up.
     */
    boolean goesDownWhenThePeerFallsSilent() {
        return "udp".equals(transport());
    }

    @BeforeAll
    void up() {
        tb = Testbed.up(2, transport(), "mesh", testbedOptions().toArray(new String[0]));
        afterUp();
    }

    @AfterAll
    void down() {
        if (tb != null) {
            tb.close();
        }
    }

    /** A control request to host {@code i}'s daemon. */
    JsonNode control(final int i, final String command) {
        return ControlSocket.request(socket(i), command);
    }

    /** Host {@code i}'s control socket. */
    Path socket(final int i) {
        return Path.of(tb.socket(i));
    }

    /** The state ("up", "down", "waiting"...) host {@code i} reports for its link to the other host. */
    String linkState(final int i) {
        final String link = i == 1 ? "h2" : "h1";
        for (final JsonNode p : control(i, "stats").path("stats").path("ports")) {
            if ("link".equals(p.path("kind").asText()) && link.equals(p.path("name").asText())) {
                return p.path("state").asText();
            }
        }
        throw new AssertionError("h" + i + " has no link " + link);
    }

    /** Both ends' link states as "h1's/h2's". */
    String linkStates() {
        return linkState(1) + "/" + linkState(2);
    }

    /** Host {@code i}'s count of unexpected errors (exceptions caught on the data plane). */
    long errors(final int i) {
        return control(i, "stats").path("stats").path("system").path("errors").asLong();
    }

    /** Host {@code i}'s interfaces, links and rules as the daemon lists them. */
    String configuration(final int i) {
        return control(i, "if.list").path("interfaces") + " " + control(i, "link.list").path("links") + " "
            + control(i, "rule.list").path("rules");
    }

    @Test
    @Timeout(60)
    void shouldKeepATcpFlowIntactWhenThePeerDaemonIsKilledAndRestarted() {
        final TcpFlow flow = TcpFlow.start(tb, 1, 2, 6101);
        flow.awaitReceivedBeyond(1 << 20, 15);
        // a change acknowledged just before the crash must be in the restarted daemon's configuration
        ControlSocket.send(socket(2), "{\"cmd\":\"rule.add\",\"src\":\"any\",\"dst\":\"" + tb.vmMac(1)
            + "\",\"from\":\"if:eth0\",\"to\":\"link:h1\"}");
        final String before = configuration(2);
        assertTrue(before.contains(tb.vmMac(1)), "h2 lists the rule it acknowledged: " + before);

        final long h1ErrorsBefore = errors(1);
        final long killedAt = System.nanoTime();
        final ProcessHandle daemon = ProcessHandle.of(tb.daemonPid(2)).orElseThrow();
        assertTrue(daemon.destroyForcibly(), "SIGKILL sent to h2's daemon");
        daemon.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        final String whileDead = Await.until(Duration.ofSeconds(10), "h1's link to leave up once h2's daemon died",
            () -> linkState(1), s -> !"up".equals(s));
        final long stalledAt = flow.received();

        final long restartedAt = System.nanoTime();
        restartDaemon(2);
        Await.until(Duration.ofSeconds(15), "the link up at both ends after the restart", this::linkStates,
            "up/up"::equals);
        final long upMillis = millisSince(restartedAt);
        assertEquals(before, configuration(2), "h2's interfaces, links and rules after the restart");

        // the sender's TCP retransmits into the gap (back-off capped at 1 s by faults.py) and resumes once through
        flow.awaitReceivedBeyond(stalledAt + (1 << 20), 40);
        final long resumedMillis = millisSince(killedAt);
        final long bytes = flow.stopAndAssertIntact(20);
        assertEquals(h1ErrorsBefore, errors(1), "unexpected errors counted by h1 (its peer's crash is none)");
        System.out.printf("faults %s%s: SIGKILL + restart of h2: h1's link %s while dead, up at both ends %d ms after "
                + "the new daemon was launched, flow moving again %d ms after the kill, %d bytes intact%n", transport(),
            testbedOptions(), whileDead, upMillis, resumedMillis, bytes);
    }

    @Test
    @Timeout(60)
    void shouldBringTheLinkBackWithTheSameConfigurationWhenTheUnderlayFlaps() {
        assertTrue(tb.pingWithin(1, 2, 10), "v1 reaches v2 before the flap");
        final String before = configuration(1) + " | " + configuration(2);
        final long[] pids = {tb.daemonPid(1), tb.daemonPid(2)};
        final long errorsBefore = errors(1) + errors(2);

        final long downAt = System.nanoTime();
        underlay(2, "down");
        final String during;
        try {
            if (goesDownWhenThePeerFallsSilent()) {
                during = Await.until(FLAP.plusSeconds(7), "both ends to report the link down", this::linkStates,
                    "down/down"::equals);
            } else {
                during = Await.until(FLAP, "the link to leave up at either end during the flap (it must not)",
                    this::linkStates, s -> !"up/up".equals(s) || System.nanoTime() - downAt >= FLAP.toNanos());
                assertEquals("up/up", during, "a stream link rides a " + FLAP.toSeconds() + " s outage");
            }
        } finally {
            underlay(2, "up");
        }
        final long downMillis = millisSince(downAt);
        final long upAt = System.nanoTime();
        Await.until(Duration.ofSeconds(15), "the link up at both ends after the flap", this::linkStates,
            "up/up"::equals);
        final long upMillis = millisSince(upAt);
        assertTrue(tb.pingWithin(1, 2, 20), "v1 reaches v2 after the flap");
        final long pingMillis = millisSince(upAt);

        for (int i = 0; i < 2; i++) {
            assertTrue(ProcessHandle.of(pids[i]).map(ProcessHandle::isAlive).orElse(false), "h" + (i + 1)
                + "'s daemon still runs (no restart)");
        }
        assertEquals(before, configuration(1) + " | " + configuration(2), "interfaces, links and rules after the flap");
        assertEquals(errorsBefore, errors(1) + errors(2), "unexpected errors counted by the daemons");
        System.out.printf("faults %s%s: underlay of h2 down %d ms (link %s), link up at both ends %d ms and v1 -> v2 "
            + "answered %d ms after the underlay came back%n", transport(), testbedOptions(), downMillis, during,
            upMillis, pingMillis);
    }

    /**
     * Starts host {@code i}'s daemon again with its configuration (and so its state file), recorded by the
     * testbed so that teardown stops it; returns once it answers on its control socket.
     */
    void restartDaemon(final int i) {
        final String name = "h" + i + "-restart-" + System.nanoTime();
        final String pid = tb.spawn(name, tb.hostNs(i), Testbed.VNETD.toString(), "--config", tb.config(i).toString());
        tb.env.put("TB_H" + i + "_PID", pid);
        Await.until(Duration.ofSeconds(30), "the restarted daemon of h" + i + " to answer on its control socket", () -> {
            try {
                return control(i, "status").path("status").path("name").asText();
            } catch (final AssertionError notYet) {
                return tb.log(name);
            }
        }, ("h" + i)::equals);
    }

    /** Sets host {@code i}'s underlay veth {@code state} ("up" or "down"). */
    void underlay(final int i, final String state) {
        final Testbed.Result r = tb.exec(10, tb.hostNs(i), "ip", "link", "set", "ul0", state);
        assertTrue(r.ok(), "ul0 " + state + " on h" + i + ": " + r);
    }

    static long millisSince(final long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
