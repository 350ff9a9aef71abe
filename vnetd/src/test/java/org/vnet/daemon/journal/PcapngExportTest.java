package org.vnet.daemon.journal;

import org.vnet.inference.capture.PcapngExport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.inference.capture.CaptureFiles;
import org.vnet.inference.capture.CaptureSource;
import org.vnet.journal.JournalRoll;
import org.vnet.journal.JournalSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PcapngExportTest {
    private static final Path TSHARK = Path.of("/usr/bin/tshark");

    @TempDir
    Path tmp;

    private Path journalOf(final int n) {
        final Path dir = tmp.resolve("h1.journal");
        try (JournalWriter w = JournalWriter.open(new JournalConfig(dir, JournalRoll.HOURLY, 24))) {
            final UnsafeBuffer b = Records.buffer();
            for (int i = 0; i < n; i++) {
                w.append(Records.record(i, b), 0);
            }
        }
        return dir;
    }

    private Path export(final Path dir) throws Exception {
        final Path out = tmp.resolve("h1.pcapng");
        try (JournalSource source = JournalSource.open(dir, false); OutputStream os = Files.newOutputStream(out)) {
            assertEquals(1000, PcapngExport.export(source, os));
        }
        return out;
    }

    @Test
    void shouldReadBackTheSameHeaderFieldsThroughTheCaptureReader() throws Exception {
        final Path pcapng = export(journalOf(1000));
        final List<String> got = new ArrayList<>();
        try (CaptureSource source = CaptureFiles.open(pcapng)) {
            while (!source.isExhausted()) {
                source.poll(r -> got.add(r.timeNs() + " " + r.srcMac() + ">" + r.dstMac() + " " + r.ipProtocol() + " "
                    + r.srcPort() + ">" + r.dstPort() + " seq " + r.seq() + " id " + r.ipId() + " len " + r.frameLength()
                    + " payload " + r.payloadLength() + " flags " + r.tcpFlags()), 100);
            }
        }
        final List<String> want = new ArrayList<>();
        final UnsafeBuffer b = Records.buffer();
        final org.vnet.inference.event.EventRecord r = new org.vnet.inference.event.EventRecord();
        for (int i = 0; i < 1000; i++) {
            r.wrap(Records.record(i, b), 0);
            want.add(r.timeNs() + " " + r.srcMac() + ">" + r.dstMac() + " " + r.ipProtocol() + " "
                + r.srcPort() + ">" + r.dstPort() + " seq " + r.seq() + " id " + r.ipId() + " len " + r.frameLength()
                + " payload " + r.payloadLength() + " flags " + r.tcpFlags());
        }
        assertEquals(want, got);
    }

    @Test
    void shouldOpenInTsharkWithOnePacketPerRecord() throws Exception {
        assumeTrue(Files.isExecutable(TSHARK), "tshark not installed");
        final Path pcapng = export(journalOf(1000));
        final Process p = new ProcessBuilder(TSHARK.toString(), "-r", pcapng.toString(), "-T", "fields",
            "-e", "frame.interface_name", "-e", "ip.src", "-e", "ip.dst", "-e", "_ws.col.Protocol",
            "-e", "tcp.seq_raw", "-e", "udp.dstport", "-e", "frame.len")
            .redirectError(tmp.resolve("tshark.err").toFile()).start();
        final List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("tshark.err")));
        assertEquals(1000, lines.size());
        // record 0: TCP 10.9.0.1 -> 10.9.0.2, seq 0, on port 0; 134-byte frame (100 bytes of payload)
        assertEquals("port 0\t10.9.0.1\t10.9.0.2\tTCP\t0\t\t154", lines.get(0));
        // record 1: UDP 10.9.0.2 -> 10.9.0.1 to port 6000, on port 1; 14 + 20 + 8 + 101
        assertEquals("port 1\t10.9.0.2\t10.9.0.1\tUDP\t\t6000\t143", lines.get(1));
        assertEquals("port 2\t10.9.0.1\t10.9.0.2\tTCP\t998\t\t1152", lines.get(998));
    }
}
