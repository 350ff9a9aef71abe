package org.vnet.tools.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.journal.JournalConfig;
import org.vnet.daemon.journal.JournalWriter;
import org.vnet.inference.capture.CaptureFiles;
import org.vnet.inference.capture.CaptureSource;
import org.vnet.journal.JournalRoll;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalCommandTest {
    private static final int ETHERNET = 1;

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    private static Result vnetctl(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Vnetctl.run(args, Map.of(Vnetctl.SOCKET_ENV, "/nonexistent/vnetd.sock"), new PrintWriter(out),
            new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    /** A 4-rank ring as a pcap file, and the same events (read by the capture reader) in a journal. */
    private Path[] ringPcapAndJournal() throws IOException {
        final List<TestCaptures.Frame> frames = TestCaptures.bsp(4, r -> TestCaptures.ring(r, 4), 150, 20_000_000L, 6000);
        final Path pcap = TestCaptures.write(tmp.resolve("ring.pcap"), TestCaptures.pcap(frames, ETHERNET));
        final Path journal = tmp.resolve("h1.journal");
        try (JournalWriter writer = JournalWriter.open(new JournalConfig(journal, JournalRoll.DAILY, 2));
             CaptureSource source = CaptureFiles.open(pcap)) {
            while (!source.isExhausted()) {
                source.poll(r -> writer.append(r.buffer(), r.offset()), 1000);
            }
            assertEquals(frames.size(), writer.appended());
        }
        return new Path[] {pcap, journal};
    }

    @Test
    void shouldAnalyseAJournalDirectoryAsItAnalysesTheSameEventsInAPcap() throws IOException {
        final Path[] files = ringPcapAndJournal();
        final Result fromPcap = vnetctl("analyze", files[0].toString());
        final Result fromJournal = vnetctl("analyze", files[1].toString());
        assertEquals(0, fromPcap.code(), fromPcap.err());
        assertEquals(0, fromJournal.code(), fromJournal.err());
        assertTrue(fromJournal.out().contains("Topology: ring"), fromJournal.out());
        assertEquals(fromPcap.out(), fromJournal.out());
        final Result jsonPcap = vnetctl("analyze", files[0].toString(), "--json");
        final Result jsonJournal = vnetctl("analyze", files[1].toString(), "--json");
        assertEquals(jsonPcap.out(), jsonJournal.out());
        final Result matrix = vnetctl("analyze", files[1].toString(), "--matrix-only");
        assertEquals(vnetctl("analyze", files[0].toString(), "--matrix-only").out(), matrix.out());
    }

    @Test
    void shouldRefuseADirectoryWithoutAJournal() throws IOException {
        final Result r = vnetctl("analyze", Files.createDirectories(tmp.resolve("empty")).toString());
        assertEquals(AnalyzeCommand.EXIT_BAD_CAPTURE, r.code());
        assertTrue(r.err().contains("holds no journal"), r.err());
        final Result e = vnetctl("journal", "export", tmp.resolve("empty").toString(), "--out", tmp.resolve("x").toString());
        assertEquals(JournalCommand.EXIT_FAILED, e.code());
        assertTrue(e.err().contains("no journal in"), e.err());
    }

    @Test
    void shouldExportAJournalThatTsharkReadsWithOnePacketPerRecord() throws Exception {
        final Path[] files = ringPcapAndJournal();
        final Path out = tmp.resolve("ring.pcapng");
        final Result r = vnetctl("journal", "export", files[1].toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        long records;
        try (CaptureSource source = CaptureFiles.open(files[0])) {
            while (!source.isExhausted()) {
                source.poll(e -> { }, 1000);
            }
            records = source.packetsRead();
        }
        assertTrue(r.out().startsWith("wrote " + records + " packets"), r.out());
        final Path tshark = Path.of("/usr/bin/tshark");
        assumeTrue(Files.isExecutable(tshark), "tshark not installed");
        final Process p = new ProcessBuilder(tshark.toString(), "-r", out.toString(), "-q", "-z", "conv,eth")
            .redirectError(tmp.resolve("tshark.err").toFile()).start();
        final String stats = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("tshark.err")));
        final Process count = new ProcessBuilder(tshark.toString(), "-r", out.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final long lines = new String(count.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().count();
        assertTrue(count.waitFor(30, TimeUnit.SECONDS));
        assertEquals(records, lines);
        // the ring's 8 directed MAC pairs are 4 Ethernet conversations
        assertEquals(4, stats.lines().filter(l -> l.contains("<->")).count(), stats);
    }
}
