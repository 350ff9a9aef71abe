package org.vnet.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.config.DaemonConfig;
import org.vnet.daemon.inference.Summary;
import org.vnet.daemon.telemetry.CountersFile;
import org.vnet.daemon.wire.FrameHeader;
import org.vnet.inference.vttif.TrafficMatrix;
import org.vnet.testing.Await;

/**
 * Two whole daemons in one JVM, each started from its own context: daemon "a" with inference on,
 * daemon "b" with inference off. Both have a UDP link to the same peer, played by a plain socket.
 * Each keeps its own settings, and what the peer sends to one reaches that one only.
 */
class TwoDaemonsInOneJvmTest {
    private static final byte[] SRC = {2, 0, 0, 0, 0, 1};
    private static final byte[] DST = {2, 0, 0, 0, 0, 2};

    @TempDir
    Path dir;
    DatagramSocket peer;
    Vnetd a;
    Vnetd b;
    InetSocketAddress addrA;
    InetSocketAddress addrB;

    @BeforeEach
    void start() throws Exception {
        peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        addrA = new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort());
        addrB = new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort());
        a = Vnetd.start(new VnetdContext().config(config("a", addrA)).inference(true).summaryPeriodMillis(100)
            .conclude());
        b = Vnetd.start(new VnetdContext().config(config("b", addrB)).inference(false).conclude());
    }

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        peer.close();
    }

    @Test
    void shouldKeepEachDaemonsOwnSettings() {
        assertTrue(a.context().inference());
        assertFalse(b.context().inference());
        assertEquals(100, a.context().summaryPeriodMillis());
        assertEquals(VnetdContext.SUMMARY_PERIOD_MILLIS_DEFAULT, b.context().summaryPeriodMillis());
    }

    @Test
    void shouldDeliverAPeersSummaryOnlyToTheDaemonWhoseLinkReceivedIt() throws Exception {
        final byte[] summary = new Summary(Summary.LOCAL, "p",
            List.of(new TrafficMatrix.Entry(0x020000000001L, 0x020000000002L, 1000, 10))).encode();
        send(FrameHeader.TYPE_SUMMARY, summary, addrA);
        await(() -> observers(a).contains("p"), "a hears p's summary");
        // b's link to the same peer is up too: a DATA message from the peer reaches it
        send(FrameHeader.TYPE_DATA, frame(), addrB);
        await(() -> counter(b, "link p rxFrames") > 0, "b receives from p");
        assertEquals(List.of("b"), observers(b), "b heard no summary");
    }

    @Test
    void shouldCountMacPairsOnlyInTheDaemonWithInferenceOn() throws Exception {
        send(FrameHeader.TYPE_DATA, frame(), addrA);
        send(FrameHeader.TYPE_DATA, frame(), addrB);
        await(() -> counter(a, "pair 02:00:00:00:00:01>02:00:00:00:00:02 frames") > 0, "a counts the MAC pair");
        await(() -> counter(b, "link p rxFrames") > 0, "b receives from p");
        assertEquals(-1, counter(b, "pair 02:00:00:00:00:01>02:00:00:00:00:02 frames"), "b keeps no MAC-pair counters");
    }

    private DaemonConfig config(final String name, final InetSocketAddress udp) throws Exception {
        final Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, String.join("\n",
            "name: " + name,
            "listen: { udp: \"127.0.0.1:" + udp.getPort() + "\" }",
            "control: " + name + ".sock",
            "state: " + name + ".state.json",
            "counters: " + name + ".counters",
            "datapath: { mode: java }",
            "links: [ { name: p, transport: udp, peer: \"127.0.0.1:" + peer.getLocalPort() + "\" } ]",
            ""));
        return DaemonConfig.load(file);
    }

    private static byte[] frame() {
        final byte[] f = new byte[60];
        System.arraycopy(DST, 0, f, 0, 6);
        System.arraycopy(SRC, 0, f, 6, 6);
        f[12] = (byte) 0x88;
        f[13] = (byte) 0xb5;
        return f;
    }

    private void send(final int type, final byte[] payload, final InetSocketAddress to) throws IOException {
        final ByteBuf msg = Unpooled.buffer();
        FrameHeader.write(msg, type, payload.length);
        msg.writeBytes(payload);
        peer.send(new DatagramPacket(msg.array(), msg.readableBytes(), to));
    }

    private static List<String> observers(final Vnetd d) {
        try {
            return d.conductor().globalView().observers();
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The value of the counter labelled {@code label} in {@code d}'s counters file, or -1 if there is none. */
    private static long counter(final Vnetd d, final String label) {
        try {
            final CountersReader reader = CountersFile.openReader(d.context().config().counters());
            final List<Long> found = new ArrayList<>();
            reader.forEach((id, typeId, key, l) -> {
                if (l.equals(label)) {
                    found.add(reader.getCounterValue(id));
                }
            });
            return found.isEmpty() ? -1 : found.get(0);
        } catch (final IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(final BooleanSupplier condition, final String what) {
        Await.until(Duration.ofSeconds(10), what, condition);
    }

    private static int freePort() throws IOException {
        try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return d.getLocalPort();
        }
    }
}
