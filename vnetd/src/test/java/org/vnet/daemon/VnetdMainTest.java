package org.vnet.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code vnetd} command in a process of its own, as an operator starts it. */
class VnetdMainTest {
    /** {@code 2026-12-07T20:42:28.123Z [thread] LEVEL logger - message}: UTC, to the millisecond. */
    private static final Pattern LOG_LINE =
        Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z \\[[^]]+\\] (INFO|WARN|ERROR|DEBUG) .*");

    @TempDir
    Path dir;

    @Test
    void shouldFailWithOneClearLineWhenItsUdpPortIsTakenAndLogInUtc() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            final Path config = dir.resolve("h1.yaml");
            Files.writeString(config, String.join("\n",
                "name: h1",
                "listen: { udp: \"127.0.0.1:" + taken.getLocalPort() + "\" }",
                "control: h1.sock",
                "state: h1.state.json",
                "counters: h1.counters",
                "datapath: { mode: java }",
                ""));
            final Path err = dir.resolve("stderr");
            final List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            // the project's JVM flags (tools/bin/jvm.flags), as this test JVM got them
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("--add-"))
                .forEach(command::add);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), VnetdMain.class.getName(),
                "--config", config.toString()));
            final ProcessBuilder pb = new ProcessBuilder(command)
                .redirectError(err.toFile()).redirectOutput(dir.resolve("stdout").toFile());
            // a local time zone far from UTC: the log must still say UTC
            pb.environment().put("TZ", "America/New_York");
            final Process p = pb.start();
            try {
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "vnetd exits");
            } finally {
                p.destroyForcibly();
            }
            final List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
            assertEquals(1, p.exitValue(), String.join("\n", lines));
            assertEquals("vnetd: cannot start: cannot listen for udp on 127.0.0.1:" + taken.getLocalPort()
                + ": address already in use", lines.get(lines.size() - 1), String.join("\n", lines));
            final List<String> logLines = lines.subList(0, lines.size() - 1);
            assertFalse(logLines.isEmpty(), "the daemon logged before it failed");
            for (final String line : logLines) {
                assertTrue(LOG_LINE.matcher(line).matches(), "a log line with a UTC timestamp: " + line);
            }
        }
    }
}
