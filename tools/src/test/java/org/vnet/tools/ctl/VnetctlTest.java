package org.vnet.tools.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.control.ControlServer;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class VnetctlTest {
    @TempDir
    Path tmp;

    private Path socket;
    private FakeDaemon daemon;
    private ControlServer server;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void start() throws IOException {
        socket = tmp.resolve("run/h1.sock");
        daemon = new FakeDaemon();
        server = ControlServer.start(socket, daemon);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private Result vnetctl(final String... args) {
        final String[] all = new String[args.length + 2];
        all[0] = "-s";
        all[1] = socket.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return run(Map.of(), all);
    }

    private static Result run(final Map<String, String> env, final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Vnetctl.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private Result ok(final String... args) {
        final Result r = vnetctl(args);
        assertEquals(0, r.code(), r.toString());
        assertEquals("", r.err(), r.toString());
        return r;
    }

    @Test
    void shouldPrintStatus() {
        final String out = ok("status").out();
        assertTrue(out.contains("name        h1"), out);
        assertTrue(out.contains("hub         yes"), out);
        assertTrue(out.contains("uptime      1h 02m 03s"), out);
        assertTrue(out.contains("tap I/O     native"), out);
    }

    @Test
    void shouldReadTheCountersFileWithoutTheDaemon() throws Exception {
        final Path file = tmp.resolve("h9.counters");
        try (org.vnet.daemon.telemetry.CountersFile counters = org.vnet.daemon.telemetry.CountersFile.create(file)) {
            final org.vnet.daemon.telemetry.Telemetry telemetry = new org.vnet.daemon.telemetry.Telemetry(counters);
            telemetry.portCounters("link", "h2").received(1500);
            telemetry.increment(org.vnet.daemon.telemetry.SystemCounter.UNKNOWN_PEER);
            final String out = ok("counters", "--file", file.toString()).out();
            assertTrue(out.contains("link    h2    rxBytes       1500"), out);
            assertTrue(out.contains("system  -     unknownPeer      1"), out);
            assertFalse(out.contains("txBytes"), "zero counters are left out: " + out);
        }
        final Result gone = run(Map.of(), "counters", "--file", tmp.resolve("nope.counters").toString());
        assertEquals(2, gone.code(), gone.toString());
    }

    @Test
    void shouldRedrawEverySecondWithWatch() {
        final String out = ok("--watch", "--count", "2", "status").out();
        assertEquals(2, out.split("vnetctl status - ", -1).length - 1, out);
        assertEquals(2, out.split("name        h1", -1).length - 1, out);
    }

    @Test
    void shouldAddListAndDeleteInterfaces() {
        assertEquals("added interface eth0\n", ok("if", "add", "eth0", "--netns", "vm1", "--mtu", "1400").out());
        ok("if", "add", "tap-long1");
        assertEquals("""
            NAME       NETNS      MTU
            eth0       vm1       1400
            tap-long1  -      default
            """, ok("if", "list").out());
        assertEquals("deleted interface eth0\n", ok("if", "del", "eth0").out());
        assertEquals(1, daemon.state().interfaces().size());
    }

    @Test
    void shouldAddListAndDeleteLinks() {
        assertEquals("added link h2 (udp to 10.200.0.2:7700)\n",
            ok("link", "add", "h2", "--transport", "udp", "--peer", "10.200.0.2:7700").out());
        assertEquals("added link h3 (tls to 10.200.0.3:7702, accepting)\n",
            ok("link", "add", "h3", "--transport", "tls", "--peer", "10.200.0.3:7702", "--accept").out());
        assertEquals("""
            NAME  TRANSPORT  PEER             ACCEPT  SECURITY  BY
            h2    udp        10.200.0.2:7700  no      trusted   operator
            h3    tls        10.200.0.3:7702  yes     trusted   operator
            """, ok("link", "list").out());
        ok("link", "del", "h2");
        assertEquals(1, daemon.state().links().size());
    }

    @Test
    void shouldAddASealedLinkAndGiveItANewKeyFromPrivateKeyFiles() throws Exception {
        final Path key = tmp.resolve("h2.psk");
        java.nio.file.Files.writeString(key, java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        java.nio.file.Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        ok("link", "add", "h2", "--transport", "udp", "--peer", "10.200.0.2:7700", "--security", "aead",
            "--key-file", key.toString());
        assertTrue(daemon.state().links().get("h2").sealed());
        assertTrue(ok("link", "list").out().contains("aead"));
        final byte[] next = new byte[32];
        next[0] = 1;
        java.nio.file.Files.writeString(key, java.util.Base64.getEncoder().encodeToString(next));
        assertEquals("link h2: new key\n", ok("link", "key", "h2", "--key-file", key.toString()).out());
        assertEquals(org.vnet.daemon.model.LinkKey.of(next), daemon.state().links().get("h2").key());
        java.nio.file.Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        final Result open = vnetctl("link", "key", "h2", "--key-file", key.toString());
        assertTrue(open.code() != 0 && open.err().contains("readable by group or others"), open.toString());
    }

    @Test
    void shouldAddListAndDeleteRules() {
        ok("link", "add", "h3", "--transport", "udp", "--peer", "10.200.0.3:7700");
        ok("if", "add", "eth0");
        assertEquals("added rule #1: src any dst 02:00:00:00:00:03 from if:eth0 to link:h3\n",
            ok("rule", "add", "--src", "any", "--dst", "02:00:00:00:00:03", "--from", "if:eth0", "--to", "link:h3").out());
        ok("rule", "add", "--src", "any", "--dst", "any", "--from", "link:h3", "--to", "if:eth0");
        assertEquals("""
            ID  SRC  DST                FROM     TO       BY
             1  any  02:00:00:00:00:03  if:eth0  link:h3  operator
             2  any  any                link:h3  if:eth0  operator
            """, ok("rule", "list").out());
        assertEquals("deleted rule #1\n", ok("rule", "del", "1").out());
        assertEquals(1, daemon.state().rules().size());
    }

    @Test
    void shouldPrintStatsWithHumanUnitsAndOnlyNonZeroSystemCounters() {
        ok("if", "add", "eth0");
        ok("link", "add", "h2", "--transport", "udp", "--peer", "10.200.0.2:7700");
        ok("rule", "add", "--src", "any", "--dst", "any", "--from", "if:eth0", "--to", "link:h2");
        final String out = ok("stats").out();
        assertTrue(out.startsWith("""
            KIND  NAME  STATE  RX FRAMES  RX BYTES  TX FRAMES  TX BYTES  DROPS
            if    eth0  up         12.3k  14.6 KiB         20   2.4 MiB      0
            link  h2    down           0       0 B          3     300 B      4

            RULE  FRAMES
               1      99

            COUNTER"""), out);
        assertTrue(out.contains("frames.malformed"), out);
        assertTrue(out.contains("control.requests"), out);
        assertFalse(out.contains("frames.zeroCounter"), out);
    }

    @Test
    void shouldPrintTheDaemonsJsonWithJsonFlag() throws IOException {
        ok("if", "add", "eth0");
        final JsonNode j = new ObjectMapper().readTree(ok("--json", "if", "list").out());
        assertTrue(j.get("ok").asBoolean());
        assertEquals("eth0", j.at("/interfaces/0/name").asText());
    }

    @Test
    void shouldPrintRefusalOnStderrAndExitOne() {
        ok("link", "add", "h2", "--transport", "udp", "--peer", "10.200.0.2:7700");
        Result r = vnetctl("link", "add", "h2", "--transport", "udp", "--peer", "10.200.0.9:7700");
        assertEquals(1, r.code());
        assertEquals("vnetctl: link h2 already exists\n", r.err());
        assertEquals("", r.out());
        r = vnetctl("rule", "del", "9999");
        assertEquals(1, r.code());
        assertEquals("vnetctl: no rule #9999\n", r.err());
        r = vnetctl("link", "add", "x", "--transport", "udp", "--peer", "nonsense");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("vnetctl: bad address 'nonsense'"), r.err());
    }

    @Test
    void shouldSayDaemonIsUnreachableAndExitTwo() {
        final Result r = run(Map.of(), "-s", tmp.resolve("nobody.sock").toString(), "status");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("vnetctl: cannot reach vnetd at " + tmp.resolve("nobody.sock")), r.err());
        assertTrue(r.err().contains("is vnetd running?"), r.err());
    }

    @Test
    void shouldTakeSocketFromEnvironment() {
        final Result r = run(Map.of(Vnetctl.SOCKET_ENV, socket.toString()), "status");
        assertEquals(0, r.code(), r.toString());
        final Result defaulted = run(Map.of(), "status");
        assertTrue(defaulted.code() == 0 || defaulted.err().contains(Vnetctl.SOCKET_DEFAULT), defaulted.toString());
    }

    @Test
    void shouldRejectBadCommandLinesWithUsage() {
        Result r = vnetctl("link", "add", "h2", "--peer", "10.0.0.2:7700");
        assertEquals(Vnetctl.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("Missing required option: '--transport=T'"), r.err());
        r = vnetctl("rule", "del", "one");
        assertEquals(Vnetctl.EXIT_USAGE, r.code());
        r = vnetctl("frobnicate");
        assertEquals(Vnetctl.EXIT_USAGE, r.code());
        r = vnetctl();
        assertEquals(Vnetctl.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("Usage: vnetctl"), r.err());
        assertEquals(0, server.requests(), "nothing reached the daemon");
    }

    @Test
    void shouldPrintHelpOfEachCommand() {
        final Result r = vnetctl("link", "add", "--help");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Usage: vnetctl link add"), r.out());
        assertTrue(r.out().contains("--transport=T"), r.out());
        final Result top = run(Map.of(), "--help");
        assertTrue(top.out().contains("2    the daemon could not be reached"), top.out());
    }
}
