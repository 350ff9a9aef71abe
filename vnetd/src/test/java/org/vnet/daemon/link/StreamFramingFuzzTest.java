package org.vnet.daemon.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.AfterAll;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.switching.MacTable;
import org.vnet.daemon.switching.Switch;
import org.vnet.daemon.telemetry.CountersFile;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.testing.FuzzChecks;

/**
 * A TCP link's receive pipeline (the length framing, then the HELLO exchange and dispatch of {@link StreamLinks})
 * on any byte stream from the peer's address, cut into reads at arbitrary points: nothing escapes the pipeline,
 * a stream that does not start with a vnet message is closed, the VM sees at most one frame per message, memory
 * stays bounded. Seeds: {@code StreamFramingFuzzTestInputs/}.
 */
class StreamFramingFuzzTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.2", 41_000);
    private static Fixture fixture;

    /** A channel whose remote address is the link's peer, as an accepted TCP connection's. */
    private static final class PeerChannel extends EmbeddedChannel {
        @Override
        protected SocketAddress remoteAddress0() {
            return PEER;
        }
    }

    /** The switch, its VM and one accepting TCP link named {@code b}, built once for the whole run. */
    private static final class Fixture {
        final Path dir;
        final Telemetry telemetry;
        final CapturePort vm;
        final StreamLinks links;
        final StreamLinkPort link;

        Fixture() throws IOException {
            dir = Files.createTempDirectory("stream-fuzz");
            telemetry = new Telemetry(CountersFile.create(dir.resolve("counters")));
            final Switch sw = new Switch(new MacTable(300_000, 1024), telemetry, false);
            final LinkInput input = new LinkInput(sw, telemetry);
            input.control((link, type, payload) -> { });
            links = new StreamLinks(new EmbeddedChannel().eventLoop(), sw, telemetry, "a", null, input);
            vm = new CapturePort(0, telemetry.portCounters("if", "vm"));
            sw.addPort(vm);
            link = links.add(1, new LinkSpec("b", Transport.TCP, new InetSocketAddress("127.0.0.2", 7701), true));
            sw.addPort(link);
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
            fixture.links.close();
            fixture.telemetry.close();
            try (var files = Files.walk(fixture.dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            fixture = null;
        }
    }

    @FuzzTest(maxDuration = "5m")
    void shouldFrameOrCloseAnyStream(final byte[] stream) {
        final Fixture f = fixture();
        final FuzzChecks.Meter meter = FuzzChecks.meter();
        final long errors = f.telemetry.counter(SystemCounter.ERRORS).get();
        f.vm.frames.clear();
        f.vm.headers.clear();
        final EmbeddedChannel ch = new PeerChannel();
        ch.pipeline().addLast(f.links.new Framer(), new StreamConnection(f.links, Transport.TCP, null, null));
        ch.pipeline().fireChannelActive();
        final int read = 1 + stream.length % 97;
        for (int at = 0; at < stream.length && ch.isOpen(); at += read) {
            ch.writeInbound(Unpooled.wrappedBuffer(stream, at, Math.min(read, stream.length - at)));
        }
        ch.checkException();
        final boolean open = ch.isOpen();
        final boolean attached = f.link.channel() == ch;
        ch.finishAndReleaseAll();

        assertEquals(errors, f.telemetry.counter(SystemCounter.ERRORS).get(), "the link pipeline failed on a stream");
        assertTrue(f.vm.frames.size() <= stream.length / FrameHeader.LENGTH, "more frames than messages");
        if (stream.length > FrameHeader.VERSION_OFFSET && (stream[0] != 'V' || stream[1] != 'N'
            || stream[FrameHeader.VERSION_OFFSET] != FrameHeader.VERSION)) {
            assertFalse(open, "a stream that is not vnet's stays open");
        }
        if (startsWithHello(stream)) {
            assertTrue(attached || !open, "the link's hello did not attach the connection");
        }
        meter.assertAllocatedAtMost(stream.length, 64, "framing a stream");
    }

    private static boolean startsWithHello(final byte[] stream) {
        final byte[] hello = {'V', 'N', FrameHeader.VERSION, FrameHeader.TYPE_HELLO, 0, 0, 0, 1, 'b'};
        return stream.length >= hello.length && java.util.Arrays.equals(stream, 0, hello.length, hello, 0, hello.length);
    }
}
