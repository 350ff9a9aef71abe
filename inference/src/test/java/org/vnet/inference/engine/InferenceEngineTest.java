package org.vnet.inference.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.inference.capture.CaptureFiles;
import org.vnet.inference.capture.LinkTypes;
import org.vnet.inference.event.EventEncoder;
import org.vnet.inference.event.EventRecord;
import org.vnet.inference.event.EventSource;
import org.vnet.inference.packet.Mac;
import org.vnet.inference.packet.Tcp;
import org.vnet.inference.testing.BspTrace;
import org.vnet.inference.testing.CaptureWriter;
import org.vnet.inference.testing.Frames;
import org.vnet.inference.vttif.Graph;
import org.vnet.inference.vttif.TrafficMatrix;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InferenceEngineTest
{
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[EventRecord.LENGTH]);
    private final EventRecord record = new EventRecord();
    private final EventEncoder encoder = new EventEncoder();

    @TempDir
    Path dir;

    private void feed(final InferenceEngine engine, final long timeNs, final byte[] frame)
    {
        encoder.encode(out, 0, timeNs, 0, EventRecord.DIRECTION_UNKNOWN, new UnsafeBuffer(frame), 0,
            frame.length, frame.length);
        engine.onEvent(record.wrap(out, 0));
    }

    @Test
    void shouldFilterArpDnsSshBroadcastMulticastAndControlPorts()
    {
        final InferenceEngine engine = new InferenceEngine(new InferenceConfig().controlPorts(Set.of(4789)));
        final long a = Frames.mac(1);
        final long b = Frames.mac(2);
        final int ipA = Frames.ip(10, 0, 0, 1);
        final int ipB = Frames.ip(10, 0, 0, 2);
        feed(engine, 1, Frames.arp(a));
        feed(engine, 2, Frames.udp4(a, b, ipA, ipB, 40000, 53, 30));
        feed(engine, 3, Frames.tcp4(a, b, ipA, ipB, 22, 50000, 1, 1, Tcp.ACK, 100));
        feed(engine, 4, Frames.udp4(a, 0xFFFF_FFFF_FFFFL, ipA, -1, 1, 2, 10));
        feed(engine, 5, Frames.udp4(a, 0x0100_5E00_0001L, ipA, Frames.ip(239, 0, 0, 1), 1, 2, 10));
        feed(engine, 6, Frames.udp4(a, b, ipA, ipB, 4789, 4789, 10));
        feed(engine, 7, Frames.udp4(a, b, ipA, ipB, 7000, 7001, 1000));
        final AnalysisResult result = engine.result();
        assertEquals(7, result.summary().events());
        assertEquals(6, result.summary().noiseEvents());
        assertEquals(1, result.matrix().size());
        assertEquals(new TrafficMatrix.Entry(a, b, 14 + 20 + 8 + 1000, 1), result.matrix().get(0));
        assertTrue(result.summary().notes().get(0).startsWith("no TCP traffic"), result.summary().notes().toString());
    }

    @Test
    void shouldReportNotEnoughDataForEmptyInput() throws Exception
    {
        final AnalysisResult result = new InferenceEngine(new InferenceConfig()).result();
        assertEquals("not enough data: no packets", result.summary().notes().get(0));
        assertEquals("none", result.topology().className());
        assertTrue(result.rir().isEmpty());
        assertFalse(result.bicSummary().available());
        final JsonNode json = new ObjectMapper().readTree(ResultJson.render(result));
        assertTrue(json.get("bicSummary").get("slowdown").get("estimate").isNull());
        assertFalse(ResultText.render(result).isEmpty());
    }

    @Test
    void shouldRefuseRirWithoutRttUnlessFallbackConfigured()
    {
        for (final long fallback : new long[]{ 0, 200_000 })
        {
            final InferenceEngine engine = new InferenceEngine(new InferenceConfig().fallbackRttNs(fallback));
            final long a = Frames.mac(1);
            final long b = Frames.mac(2);
            for (int i = 0; i < 400; i++)
            {
                final long t = i * 20_000_000L;
                feed(engine, t, Frames.udp4(a, b, 1, 2, 7000, 7001, 500));
                feed(engine, t + 1_000_000, Frames.udp4(b, a, 2, 1, 7001, 7000, 500));
            }
            final AnalysisResult result = engine.result();
            assertEquals(2, result.rir().size());
            for (final var rir : result.rir().values())
            {
                if (fallback == 0)
                {
                    assertFalse(rir.available());
                    assertTrue(rir.reason().contains("no RTT"), rir.reason());
                }
                else
                {
                    assertTrue(rir.available(), rir.reason());
                    assertEquals(50, rir.avg(), 2.5);
                    assertTrue(rir.rttFromFallback());
                }
            }
        }
    }

    @Test
    void shouldCountDuplicateCapturesOnce()
    {
        final BspTrace trace = new BspTrace(Graph.ring(4), 20, 5_000_000L, 3000, -1, 1.0, 9);
        final InferenceEngine once = new InferenceEngine(new InferenceConfig());
        trace.feed(once);
        final InferenceEngine twice = new InferenceEngine(new InferenceConfig());
        trace.feed(record ->
        {
            twice.onEvent(record);
            twice.onEvent(record);
        });
        final AnalysisResult a = once.result();
        final AnalysisResult b = twice.result();
        assertEquals(trace.frames().size(), b.summary().duplicates());
        assertEquals(a.matrix(), b.matrix());
        assertEquals(a.bic().keySet(), b.bic().keySet());
    }

    @Test
    void shouldMergeObserverMatricesIntoGlobalTopology()
    {
        final BspTrace trace = new BspTrace(Graph.torus(3, 3), 10, 5_000_000L, 3000, -1, 1.0, 10);
        final InferenceEngine whole = new InferenceEngine(new InferenceConfig());
        trace.feed(whole);
        final InferenceEngine hostA = new InferenceEngine(new InferenceConfig());
        final InferenceEngine hostB = new InferenceEngine(new InferenceConfig());
        trace.feed(r -> (Mac.format(r.srcMac()).hashCode() % 2 == 0 ? hostA : hostB).onEvent(r));
        assertTrue(hostA.result().matrix().size() < whole.result().matrix().size());
        hostA.addObserverMatrix(hostB.localMatrix());
        final AnalysisResult merged = hostA.result();
        assertEquals(whole.result().matrix(), merged.matrix());
        assertEquals("torus", merged.topology().className());
    }

    @Test
    void shouldAnalyseEthernetPcapAndCookedPcapngAlike() throws Exception
    {
        final BspTrace trace = new BspTrace(Graph.mesh(3, 2), 40, 5_000_000L, 3000, -1, 1.0, 11);
        final CaptureWriter pcap = CaptureWriter.pcap(ByteOrder.BIG_ENDIAN, true, LinkTypes.ETHERNET);
        final CaptureWriter cooked = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN, LinkTypes.LINUX_SLL2, 9);
        for (final BspTrace.Frame f : trace.frames())
        {
            final byte[] bytes = BspTrace.bytes(f);
            pcap.packet(f.timeNs(), bytes);
            cooked.packet(f.timeNs(), CaptureWriter.sll2(4, 3, BspTrace.mac(f.src()), 0x0800,
                CaptureWriter.stripEthernet(bytes)));
        }
        final Path ethernet = dir.resolve("bsp.pcap");
        final Path sll = dir.resolve("bsp-any.pcapng");
        Files.write(ethernet, pcap.bytes());
        Files.write(sll, cooked.bytes());

        final AnalysisResult a = analyse(ethernet);
        final AnalysisResult b = analyse(sll);
        assertEquals("mesh", a.topology().className());
        assertEquals(List.of(3, 2), a.topology().dims());
        assertEquals(a.topology().className(), b.topology().className());
        assertEquals(a.topology().dims(), b.topology().dims());
        assertEquals(6, b.endpoints().size());
        assertTrue(b.endpoints().stream().noneMatch(AnalysisResult.Endpoint::provisional));
        assertEquals(a.matrix().size(), b.matrix().size());
        assertEquals(a.matrix().get(0).frames(), b.matrix().get(0).frames());
    }

    private static AnalysisResult analyse(final Path path)
    {
        final InferenceEngine engine = new InferenceEngine(new InferenceConfig());
        try (EventSource source = CaptureFiles.open(path))
        {
            engine.consume(source);
        }
        return engine.result();
    }

    @Test
    void shouldRenderJsonWithDocumentedKeys() throws Exception
    {
        final BspTrace trace = new BspTrace(Graph.torus(3, 3), 300, 10_000_000L, 4000, 2, 3.0, 12);
        final InferenceEngine engine = new InferenceEngine(new InferenceConfig());
        trace.feed(engine);
        final AnalysisResult result = engine.result();
        final JsonNode json = new ObjectMapper().readTree(ResultJson.render(result));
        final String mac = Mac.format(BspTrace.mac(2));

        final JsonNode endpoint = json.get("endpoints").get(0);
        for (final String key : List.of("mac", "ips", "framesSent", "bytesSent", "framesReceived", "bytesReceived"))
        {
            assertNotNull(endpoint.get(key), key);
        }
        final JsonNode cell = json.get("matrix").get(0);
        for (final String key : List.of("src", "dst", "bytes", "frames"))
        {
            assertNotNull(cell.get(key), key);
        }
        assertTrue(cell.get("src").asText().matches("([0-9a-f]{2}:){5}[0-9a-f]{2}"));
        assertEquals("torus", json.get("topology").get("class").asText());
        assertEquals(2, json.get("topology").get("dims").size());
        assertEquals(18, json.get("topology").get("edges").size());
        assertEquals(2, json.get("topology").get("edges").get(0).size());
        final JsonNode rir = json.get("rir").get(mac);
        for (final String key : List.of("avg", "cdf", "periodSeconds", "adequate"))
        {
            assertNotNull(rir.get(key), key);
        }
        assertTrue(rir.get("avg").asDouble() > 0);
        final JsonNode bic = json.get("bic").get(mac);
        assertTrue(bic.get("delaySeconds").asDouble() > 0);
        assertTrue(bic.get("byPeer").size() == 4);
        final JsonNode summary = json.get("bicSummary");
        assertEquals(mac, summary.get("loaded").asText());
        assertNotNull(summary.get("imbalance").get("stdDevSeconds"));
        for (final String key : List.of("estimate", "optimistic", "pessimistic"))
        {
            assertTrue(summary.get("slowdown").get(key).asDouble() > 1, key);
        }
        assertTrue(json.get("timeDecomposition").size() > 0);
        assertTrue(json.get("network").size() > 0);
        assertTrue(json.get("recent").has("1s") && json.get("recent").has("64s"));

        final String text = ResultText.render(result);
        assertTrue(text.contains("Topology: torus 3x3"), text);
        assertTrue(text.contains("loaded: " + mac), text);
    }

    @Test
    void shouldValidateConfiguration()
    {
        final IllegalArgumentException alpha = assertThrows(IllegalArgumentException.class,
            () -> new InferenceConfig().alpha(1.5).conclude());
        assertTrue(alpha.getMessage().startsWith("alpha"));
        final IllegalArgumentException hysteresis = assertThrows(IllegalArgumentException.class,
            () -> new InferenceConfig().changeStopBytesPerSecond(50_000).conclude());
        assertTrue(hysteresis.getMessage().contains("hysteresis"));
        assertThrows(IllegalArgumentException.class,
            () -> new InferenceConfig().controlPorts(Set.of(70000)).conclude());
        assertThrows(IllegalArgumentException.class, () -> new InferenceConfig().rirSlideNs(2_000_000_000L).conclude());
    }

    @Test
    void shouldNotAllocatePerEventInSteadyState()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final InferenceEngine engine =
            new InferenceEngine(new InferenceConfig().dedupWindowNs(0).maxRirCandidates(1024));
        final byte[][] frames = new byte[8][];
        for (int i = 0; i < frames.length; i++)
        {
            frames[i] = Frames.tcp4(Frames.mac(i), Frames.mac((i + 1) % 8), Frames.ip(10, 0, 0, i),
                Frames.ip(10, 0, 0, (i + 1) % 8), 1000 + i, 2000 + i, i * 1000, 0, Tcp.ACK, 100);
        }
        final UnsafeBuffer[] buffers = new UnsafeBuffer[frames.length];
        for (int i = 0; i < frames.length; i++)
        {
            buffers[i] = new UnsafeBuffer(frames[i]);
        }
        final long base = 5_000_000_000L;
        for (int i = 0; i < 20_000; i++)
        {
            encodeAndFeed(engine, base + i, buffers[i & 7]);
        }
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++)
        {
            encodeAndFeed(engine, base + 20_000 + i, buffers[i & 7]);
        }
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for 100k events");
    }

    private void encodeAndFeed(final InferenceEngine engine, final long timeNs, final UnsafeBuffer frame)
    {
        encoder.encode(out, 0, timeNs, 0, EventRecord.DIRECTION_UNKNOWN, frame, 0, frame.capacity(),
            frame.capacity());
        engine.onEvent(record.wrap(out, 0));
    }

    @Test
    void shouldGiveTheSameResultWhenAskedTwiceAndKeepCounting()
    {
        final BspTrace trace = new BspTrace(Graph.ring(5), 60, 5_000_000L, 6000, -1, 1.0, 13);
        final InferenceEngine engine = new InferenceEngine(new InferenceConfig());
        final int half = trace.frames().size() / 2;
        final int[] seen = { 0 };
        final InferenceEngine second = new InferenceEngine(new InferenceConfig());
        trace.feed(r ->
        {
            if (seen[0]++ < half)
            {
                engine.onEvent(r);
            }
            second.onEvent(r);
        });
        assertEquals(ResultJson.render(engine.result()), ResultJson.render(engine.result()));
        final long messages = engine.result().timeDecomposition().get(0).messages();
        assertTrue(messages > 0 && messages < 60);
        assertEquals(60, second.result().timeDecomposition().get(0).messages());
    }

    @Test
    void shouldAnswerNotEnoughDataForOneWayTraffic() throws Exception
    {
        final InferenceEngine engine = new InferenceEngine(new InferenceConfig());
        for (int i = 0; i < 3000; i++)
        {
            feed(engine, i * 1_000_000L, Frames.udp4(Frames.mac(1), Frames.mac(2), 1, 2, 7000, 7001, 1000));
        }
        final AnalysisResult result = engine.result();
        assertFalse(result.bicSummary().available());
        assertTrue(result.bicSummary().reason().startsWith("not enough data"), result.bicSummary().reason());
        for (final var rir : result.rir().values())
        {
            assertFalse(rir.available());
        }
        assertEquals("all-to-all", result.topology().className());
        final String text = ResultText.render(result);
        assertFalse(text.contains("Infinity") || text.contains("NaN"), text);
        final JsonNode json = new ObjectMapper().readTree(ResultJson.render(result));
        assertTrue(json.get("rir").elements().next().get("avg").isNull());
    }
}
