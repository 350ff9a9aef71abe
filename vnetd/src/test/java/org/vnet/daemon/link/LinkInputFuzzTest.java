package org.vnet.daemon.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;

import org.junit.jupiter.api.AfterAll;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.switching.MacTable;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.telemetry.CountersFile;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.FrameHeader;

/**
 * A UDP link's receive path ({@link UdpEndpoint} → {@link LinkInput} → switch, control sink, kernel offer) on any
 * datagram from the link's peer: nothing escapes the handler, the datagram is released, a datagram with a bad
 * header is counted and goes nowhere, a control message reaches the sink whole, a frame reaches the VM at most
 * once. Seeds: {@code LinkInputFuzzTestInputs/} (every message type).
 */
class LinkInputFuzzTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 7700);
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.2", 7700);
    private static Fixture fixture;

    /** The switch, its VM and one UDP link, built once for the whole run. */
    private static final class Fixture {
        final Path dir;
        final Telemetry telemetry;
        final CapturePort vm;
        final UdpLinkPort link;
        final EmbeddedChannel channel;
        int controlMessages;
        int controlBytes;

        Fixture() throws IOException {
            dir = Files.createTempDirectory("link-input-fuzz");
            telemetry = new Telemetry(CountersFile.create(dir.resolve("counters")));
            final Switch sw = new Switch(new MacTable(300_000, 1024), telemetry, false);
            final LinkInput input = new LinkInput(sw, telemetry);
            input.control((link, type, payload) -> {
                controlMessages++;
                controlBytes = payload.length;
            });
            final UdpEndpoint endpoint = new UdpEndpoint(sw, telemetry, input,
                spec -> { throw new IllegalStateException("the fuzzed link is plain"); });
            vm = new CapturePort(0, telemetry.portCounters("if", "vm"));
            link = endpoint.add(1, new LinkSpec("b", Transport.UDP, PEER, false), 9000);
            sw.addPort(vm);
            sw.addPort(link);
            channel = new EmbeddedChannel(endpoint);
        }

        long counter(final SystemCounter c) {
            return telemetry.counter(c).get();
        }

        long badHeaders() {
            return counter(SystemCounter.BAD_MAGIC) + counter(SystemCounter.BAD_VERSION) + counter(SystemCounter.BAD_TYPE)
                + counter(SystemCounter.MALFORMED_MESSAGES);
        }
    }

    private static Fixture fixture() {
        if (fixture == null) {
            try {
                fixture = new Fixture();
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fixture;
    }

    @AfterAll
    static void close() throws IOException {
        if (fixture != null) {
            fixture.channel.finishAndReleaseAll();
            fixture.telemetry.close();
            try (var files = Files.walk(fixture.dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            fixture = null;
        }
    }

    @FuzzTest(maxDuration = "5m")
    void shouldCountOrDeliverAnyDatagram(final byte[] data) {
        final Fixture f = fixture();
        final ByteBuf content = Unpooled.wrappedBuffer(data);
        final int check = FrameHeader.check(content, data.length);
        final int type = check == FrameHeader.OK ? FrameHeader.type(content) : -1;
        final long errors = f.counter(SystemCounter.ERRORS);
        final long bad = f.badHeaders();
        final int control = f.controlMessages;
        f.vm.frames.clear();
        f.vm.headers.clear();

        f.channel.writeInbound(new DatagramPacket(content, LOCAL, PEER));
        f.channel.checkException();

        assertTrue(data.length == 0 || content.refCnt() == 0, "the datagram was not released");
        assertEquals(errors, f.counter(SystemCounter.ERRORS), "the receive path failed on a datagram");
        assertTrue(f.vm.frames.size() <= 1, "one datagram, " + f.vm.frames.size() + " frames");
        if (check != FrameHeader.OK) {
            assertEquals(bad + 1, f.badHeaders(), "a bad header (code " + check + ") not counted once");
            assertTrue(f.vm.frames.isEmpty(), "a datagram with a bad header reached the VM");
            return;
        }
        if (LinkInput.isControl(type)) {
            assertEquals(control + 1, f.controlMessages);
            assertEquals(data.length - FrameHeader.LENGTH, f.controlBytes, "a control payload cut or padded");
        } else if (type != FrameHeader.TYPE_DATA) {
            assertTrue(f.vm.frames.isEmpty(), "a type-" + type + " message reached the VM");
        }
    }
}
