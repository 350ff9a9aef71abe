package org.vnet.nativeio.bpf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.nativeio.Errno;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Loading objects: verifier failures, map sizing, pinned-map compatibility.
 */
class BpfObjectTest extends PinnedBpfTest
{
    @Test
    void shouldReportVerifierRejectionWithLogTail(@TempDir final Path dir) throws Exception
    {
        assumeTrue(0 == BpfTests.exec("sh", "-c", "command -v clang").status(), "clang not installed");
        final Path source = dir.resolve("bad.c");
        Files.writeString(source, String.join("\n",
            "#include <linux/bpf.h>",
            "#include <bpf/bpf_helpers.h>",
            "char _license[] SEC(\"license\") = \"GPL\";",
            "SEC(\"tc\")",
            "int bad_prog(struct __sk_buff *skb)",
            "{",
            "    return *(int *)(long)skb->data; /* no check against data_end */",
            "}", ""));
        final Path object = dir.resolve("bad.o");
        final String multiarch = BpfTests.run("sh", "-c", "clang -print-multiarch || true").trim();
        BpfTests.run("clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/" + multiarch, "-c", source.toString(),
            "-o", object.toString());

        final BpfException ex = assertThrows(BpfException.class,
            () -> BpfObject.load("bad.o", Files.readAllBytes(object), pinRoot, Map.of()));

        assertEquals(Errno.EACCES, ex.errno(), ex.getMessage());
        assertTrue(ex.getMessage().startsWith("cannot load BPF object bad.o"), ex.getMessage());
        final String log = ex.getMessage().substring(ex.getMessage().indexOf("verifier log (tail):\n"));
        assertTrue(log.contains("invalid access to packet") || log.contains("invalid mem access"), log);
        assertTrue(log.split("\n").length <= 1 + BpfObject.LOG_TAIL_LINES, log);
    }

    @Test
    void shouldRejectGarbageImage()
    {
        final BpfException ex = assertThrows(BpfException.class,
            () -> BpfObject.load("junk.o", new byte[] {1, 2, 3, 4}, pinRoot, Map.of()));
        assertTrue(ex.getMessage().startsWith("cannot open BPF object junk.o"), ex.getMessage());
    }

    @Test
    void shouldResizeMapsBeforeLoadAndRefuseIncompatiblePin() throws BpfException
    {
        try (BpfObject small = BpfObject.load(BpfSupport.TAP_TX_RESOURCE, pinRoot, Map.of(DataPathMaps.VNET_FLOWS, 1024));
            BpfMap flows = new BpfMap(small.mapFd(DataPathMaps.VNET_FLOWS), DataPathMaps.FLOW_KEY_LENGTH,
                DataPathMaps.FLOW_LENGTH, false))
        {
            assertEquals(1024, flows.maxEntries());
            assertEquals(pinRoot, small.pinRoot());
            assertEquals("tap_tx", small.name());

            final BpfException ex = assertThrows(BpfException.class,
                () -> BpfObject.load(BpfSupport.VXLAN_RX_RESOURCE, pinRoot));
            assertEquals(Errno.EINVAL, ex.errno(), ex.getMessage());
        }
        assertThrows(BpfException.class,
            () -> BpfObject.load(BpfSupport.TAP_TX_RESOURCE, pinRoot, Map.of("vnet_nothing", 1)));
    }
}
