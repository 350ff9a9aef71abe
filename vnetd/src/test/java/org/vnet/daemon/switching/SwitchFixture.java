package org.vnet.daemon.switching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.inference.packet.Mac;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.telemetry.CountersFile;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;

/** The switch and four recording ports (two interfaces, two links) that the switch tests share. */
abstract class SwitchFixture {
    static final long A = Mac.parse("02:00:00:00:00:0a");
    static final long B = Mac.parse("02:00:00:00:00:0b");
    static final long C = Mac.parse("02:00:00:00:00:0c");

    @TempDir
    Path dir;
    Telemetry telemetry;
    RecordingPort tap0;
    RecordingPort tap1;
    RecordingPort linkX;
    RecordingPort linkY;

    @BeforeEach
    void setUp() throws IOException {
        telemetry = new Telemetry(CountersFile.create(dir.resolve("c")));
    }

    @AfterEach
    void tearDown() {
        telemetry.close();
    }

    Switch newSwitch(final boolean hub) {
        final Switch sw = new Switch(new MacTable(300_000, 1024), telemetry, hub);
        tap0 = new RecordingPort(0, "tap0", false, telemetry.portCounters("if", "tap0"));
        tap1 = new RecordingPort(1, "tap1", false, telemetry.portCounters("if", "tap1"));
        linkX = new RecordingPort(2, "x", true, telemetry.portCounters("link", "x"));
        linkY = new RecordingPort(3, "y", true, telemetry.portCounters("link", "y"));
        sw.addPort(tap0);
        sw.addPort(tap1);
        sw.addPort(linkX);
        sw.addPort(linkY);
        return sw;
    }

    static ByteBuf frame(final long dst, final long src) {
        final ByteBuf b = Unpooled.buffer(60);
        b.writeShort((int) (dst >>> 32)).writeInt((int) dst);
        b.writeShort((int) (src >>> 32)).writeInt((int) src);
        b.writeShort(0x0800);
        b.writeZero(46);
        return b;
    }

    static void send(final Switch sw, final Port in, final long dst, final long src, final long now) {
        final ByteBuf f = frame(dst, src);
        sw.onFrame(in, f, 0, f.readableBytes(), now);
        sw.flush();
    }

    static MacMatch exact(final long mac) {
        return new MacMatch(MacMatch.Kind.EXACT, mac);
    }

    static ForwardingTable.Entry rule(final int id, final MacMatch src, final MacMatch dst, final int from, final int to) {
        final int rank = src.specificity() + dst.specificity() + (from >= 0 ? 2 : 0);
        return new ForwardingTable.Entry(id, src, dst, from, to, rank, null);
    }

    void clear() {
        for (final RecordingPort p : List.of(tap0, tap1, linkX, linkY)) {
            p.sent.clear();
        }
    }

    List<Integer> counts() {
        final List<Integer> l = new ArrayList<>();
        for (final RecordingPort p : List.of(tap0, tap1, linkX, linkY)) {
            l.add(p.sent.size());
        }
        return l;
    }
}

