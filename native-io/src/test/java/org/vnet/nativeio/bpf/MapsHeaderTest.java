package org.vnet.nativeio.bpf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link DataPathMaps} against {@code src/main/bpf/maps.h} itself: the defines and the stat enum
 * by parsing, and the struct layouts by compiling a probe with the host C compiler (skipped without gcc).
 */
class MapsHeaderTest
{
    private static final Path MAPS_H = Path.of("src/main/bpf/maps.h");

    private static String header() throws IOException
    {
        assumeTrue(Files.exists(MAPS_H), "run from the native-io module: " + MAPS_H.toAbsolutePath());
        return Files.readString(MAPS_H, StandardCharsets.UTF_8);
    }

    @Test
    void shouldMirrorDefines() throws IOException
    {
        final String text = header();
        final Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("VNET_FLOWS_MAX", (long)DataPathMaps.FLOWS_MAX);
        expected.put("VNET_IFACES_MAX", (long)DataPathMaps.IFACES_MAX);
        expected.put("VNET_PEERS_MAX", (long)DataPathMaps.PEERS_MAX);
        expected.put("VNET_PAIRS_MAX", (long)DataPathMaps.PAIRS_MAX);
        expected.put("VNET_PORTS_MAX", (long)DataPathMaps.PORTS_MAX);
        expected.put("VNET_EVENTS_BYTES", (long)DataPathMaps.EVENTS_BYTES);
        expected.put("VNET_EVENT_CAPTURE", (long)DataPathMaps.EVENT_CAPTURE);
        expected.put("VNET_IF_DELIVER_INGRESS", (long)DataPathMaps.VNET_IF_DELIVER_INGRESS);
        expected.put("VNET_IF_EVENTS", (long)DataPathMaps.VNET_IF_EVENTS);
        expected.put("VNET_FLOW_IPV6", (long)DataPathMaps.VNET_FLOW_IPV6);
        expected.put("VNET_DIR_IN", (long)DataPathMaps.VNET_DIR_IN);
        expected.put("VNET_DIR_OUT", (long)DataPathMaps.VNET_DIR_OUT);
        expected.put("VNET_EVENT_TX", (long)DataPathMaps.VNET_EVENT_TX);
        expected.put("VNET_EVENT_RX", (long)DataPathMaps.VNET_EVENT_RX);
        expected.put("VNET_NS_PER_S", DataPathMaps.NS_PER_S);
        expected.put("VNET_BUCKET_BROADCAST", (long)DataPathMaps.VNET_BUCKET_BROADCAST);
        expected.put("VNET_BUCKET_MULTICAST", (long)DataPathMaps.VNET_BUCKET_MULTICAST);
        expected.put("VNET_BUCKETS", (long)DataPathMaps.VNET_BUCKETS);
        expected.put("VNET_GUARD_PIN", (long)DataPathMaps.VNET_GUARD_PIN);

        for (final Map.Entry<String, Long> entry : expected.entrySet())
        {
            final Matcher m = Pattern.compile("#define\\s+" + entry.getKey() + "\\s+\\(?(\\d+)u?(?:\\s*<<\\s*(\\d+))?\\)?")
                .matcher(text);
            assertTrue(m.find(), "no #define " + entry.getKey());
            final long value = Long.parseLong(m.group(1)) << (null == m.group(2) ? 0 : Integer.parseInt(m.group(2)));
            assertEquals(entry.getValue(), value, entry.getKey());
        }
    }

    @Test
    void shouldMirrorStatEnumInOrder() throws IOException
    {
        final String text = header();
        final Matcher body = Pattern.compile("enum vnet_stat \\{(.*?)\\};", Pattern.DOTALL).matcher(text);
        assertTrue(body.find(), "no enum vnet_stat");
        final Matcher names = Pattern.compile("^\\s*(VNET_STAT_\\w+)", Pattern.MULTILINE).matcher(body.group(1));
        int index = 0;
        while (names.find())
        {
            final String name = names.group(1);
            final String javaName = name.substring("VNET_STAT_".length()).toLowerCase(java.util.Locale.ROOT);
            if ("VNET_STAT_MAX".equals(name))
            {
                assertEquals(DataPathMaps.VNET_STAT_MAX, index, "VNET_STAT_MAX");
            }
            else
            {
                assertEquals(javaName, DataPathMaps.statName(index), name + " is index " + index);
            }
            index++;
        }
        assertEquals(DataPathMaps.VNET_STAT_MAX + 1, index, "entries including VNET_STAT_MAX");
    }

    @Test
    void shouldMirrorStructLayouts(@TempDir final Path dir) throws Exception
    {
        header();
        assumeTrue(0 == BpfTests.exec("sh", "-c", "command -v gcc").status(), "gcc not installed");
        final String[][] fields = {
            {"vnet_iface", "port", "IFACE_PORT_OFFSET"}, {"vnet_iface", "peer_ifindex", "IFACE_PEER_IFINDEX_OFFSET"},
            {"vnet_iface", "mtu", "IFACE_MTU_OFFSET"}, {"vnet_iface", "flags", "IFACE_FLAGS_OFFSET"},
            {"vnet_flow_key", "ifindex", "FLOW_KEY_IFINDEX_OFFSET"}, {"vnet_flow_key", "src", "FLOW_KEY_SRC_OFFSET"},
            {"vnet_flow_key", "dst", "FLOW_KEY_DST_OFFSET"},
            {"vnet_flow", "remote", "FLOW_REMOTE_OFFSET"}, {"vnet_flow", "vni", "FLOW_VNI_OFFSET"},
            {"vnet_flow", "port", "FLOW_PORT_OFFSET"}, {"vnet_flow", "flags", "FLOW_FLAGS_OFFSET"},
            {"vnet_flow", "pad", "FLOW_PAD_OFFSET"}, {"vnet_flow", "active_ns", "FLOW_ACTIVE_NS_OFFSET"},
            {"vnet_peer_key", "ifindex", "PEER_KEY_IFINDEX_OFFSET"}, {"vnet_peer_key", "vni", "PEER_KEY_VNI_OFFSET"},
            {"vnet_peer_key", "remote", "PEER_KEY_REMOTE_OFFSET"},
            {"vnet_peer", "port", "PEER_PORT_OFFSET"}, {"vnet_peer", "flags", "PEER_FLAGS_OFFSET"},
            {"vnet_pair_key", "src", "PAIR_KEY_SRC_OFFSET"}, {"vnet_pair_key", "dst", "PAIR_KEY_DST_OFFSET"},
            {"vnet_pair_key", "port", "PAIR_KEY_PORT_OFFSET"},
            {"vnet_counts", "packets", "COUNTS_PACKETS_OFFSET"}, {"vnet_counts", "bytes", "COUNTS_BYTES_OFFSET"},
            {"vnet_counts", "first_ns", "COUNTS_FIRST_NS_OFFSET"}, {"vnet_counts", "last_ns", "COUNTS_LAST_NS_OFFSET"},
            {"vnet_event", "ts_ns", "EVENT_TS_NS_OFFSET"}, {"vnet_event", "port", "EVENT_PORT_OFFSET"},
            {"vnet_event", "len", "EVENT_LEN_OFFSET"}, {"vnet_event", "segs", "EVENT_SEGS_OFFSET"},
            {"vnet_event", "direction", "EVENT_DIRECTION_OFFSET"}, {"vnet_event", "caplen", "EVENT_CAPLEN_OFFSET"},
            {"vnet_event", "data", "EVENT_DATA_OFFSET"},
            {"vnet_guard", "flags", "GUARD_FLAGS_OFFSET"}, {"vnet_guard", "mac", "GUARD_MAC_OFFSET"},
            {"vnet_guard", "buckets", "GUARD_BUCKETS_OFFSET"}, {"vnet_bucket", "rate", "BUCKET_RATE_OFFSET"},
            {"vnet_bucket", "cap", "BUCKET_CAP_OFFSET"}, {"vnet_bucket", "tokens", "BUCKET_TOKENS_OFFSET"},
            {"vnet_bucket", "last_ns", "BUCKET_LAST_NS_OFFSET"}};
        final String[][] sizes = {
            {"vnet_iface", "IFACE_LENGTH"}, {"vnet_flow_key", "FLOW_KEY_LENGTH"}, {"vnet_flow", "FLOW_LENGTH"},
            {"vnet_peer_key", "PEER_KEY_LENGTH"}, {"vnet_peer", "PEER_LENGTH"}, {"vnet_pair_key", "PAIR_KEY_LENGTH"},
            {"vnet_counts", "COUNTS_LENGTH"}, {"vnet_event", "EVENT_LENGTH"}, {"vnet_guard", "GUARD_LENGTH"},
            {"vnet_bucket", "BUCKET_LENGTH"}};

        final StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include \"maps.h\"\nint main(void)\n{\n");
        for (final String[] f : fields)
        {
            c.append("    printf(\"").append(f[2]).append(" %zu\\n\", offsetof(struct ").append(f[0]).append(", ")
                .append(f[1]).append("));\n");
        }
        for (final String[] s : sizes)
        {
            c.append("    printf(\"").append(s[1]).append(" %zu\\n\", sizeof(struct ").append(s[0]).append("));\n");
        }
        c.append("    return 0;\n}\n");
        final Path source = dir.resolve("layout.c");
        final Path binary = dir.resolve("layout");
        Files.writeString(source, c.toString());
        BpfTests.run("gcc", "-I" + MAPS_H.toAbsolutePath().getParent(), "-o", binary.toString(), source.toString());

        int checked = 0;
        for (final String line : BpfTests.run(binary.toString()).split("\n"))
        {
            final String[] parts = line.trim().split(" ");
            final int javaValue = DataPathMaps.class.getField(parts[0]).getInt(null);
            assertEquals(Integer.parseInt(parts[1]), javaValue, parts[0]);
            checked++;
        }
        assertEquals(fields.length + sizes.length, checked);
    }
}
