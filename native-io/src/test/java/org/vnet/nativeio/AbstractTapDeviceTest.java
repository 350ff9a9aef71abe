package org.vnet.nativeio;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnet.testing.Privileged;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.vnet.nativeio.TestFrames.ARP_SHA_OFFSET;
import static org.vnet.nativeio.TestFrames.ARP_SPA_OFFSET;
import static org.vnet.nativeio.TestFrames.ARP_THA_OFFSET;
import static org.vnet.nativeio.TestFrames.ARP_TPA_OFFSET;
import static org.vnet.nativeio.TestFrames.ETH_DST_OFFSET;
import static org.vnet.nativeio.TestFrames.ETH_HEADER_LENGTH;
import static org.vnet.nativeio.TestFrames.ETH_SRC_OFFSET;
import static org.vnet.nativeio.TestFrames.ICMP_ID_OFFSET;
import static org.vnet.nativeio.TestFrames.ICMP_SEQ_OFFSET;
import static org.vnet.nativeio.TestFrames.IPV4_DST_OFFSET;
import static org.vnet.nativeio.TestFrames.IPV4_HEADER_LENGTH;
import static org.vnet.nativeio.TestFrames.IPV4_SRC_OFFSET;
import static org.vnet.nativeio.TestFrames.NEIGHBOUR_MAC;

/**
 * Behaviour every {@link TapIo} must show on real TAP devices, as root, inside a network
 * namespace made for the test class. One subclass per implementation.
 */
@Privileged
abstract class AbstractTapDeviceTest
{
    private static final long REPLY_TIMEOUT_MS = 3_000;
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int TAP_HOST = 1;
    private static final int NEIGHBOUR_HOST = 2;

    private static TestNamespace ns;

    private final List<TapDevice> devices = new ArrayList<>();
    private final List<String> persistentTaps = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE).order(ByteOrder.BIG_ENDIAN);

    abstract TapIo io();

    static TestNamespace namespace()
    {
        return ns;
    }

    @BeforeAll
    static void createNamespace()
    {
        ns = TestNamespace.create();
    }

    @AfterAll
    static void deleteNamespace()
    {
        if (null != ns)
        {
            ns.close();
            ns = null;
        }
    }

    @AfterEach
    void closeDevices()
    {
        devices.forEach(TapDevice::close);
        devices.clear();
        for (final String name : persistentTaps)
        {
            ns.ipStatus("tuntap", "del", "dev", name, "mode", "tap");
        }
        persistentTaps.clear();
    }

    private TapDevice open(final TapOptions options) throws TapOpenException
    {
        final TapDevice device = TapDevice.open(options, io());
        devices.add(device);
        return device;
    }

    private TapDevice openWithAddress(final TapOptions options) throws TapOpenException
    {
        final TapDevice device = open(options.netns(ns.name()));
        ns.ip("addr", "add", ns.ipText(TAP_HOST) + "/24", "dev", device.name());
        return device;
    }

    @Test
    void shouldAnswerArpRequestWithTapMac() throws Exception
    {
        final TapDevice tap = openWithAddress(new TapOptions().name(ns.nextTapName()));
        final int length = TestFrames.arpRequest(buffer, 0, NEIGHBOUR_MAC, ns.ip(NEIGHBOUR_HOST), ns.ip(TAP_HOST));

        assertEquals(length, tap.write(buffer, 0, length));

        final int replyOffset = 2048;
        final int replyLength = readUntil(tap, replyOffset, FrameKind.ARP_REPLY);
        assertTrue(replyLength >= ETH_HEADER_LENGTH + TestFrames.ARP_LENGTH);
        final int arp = replyOffset + ETH_HEADER_LENGTH;
        assertEquals(NEIGHBOUR_MAC, TestFrames.getMac(buffer, replyOffset + ETH_DST_OFFSET));
        assertEquals(tap.macAddress(), TestFrames.getMac(buffer, replyOffset + ETH_SRC_OFFSET));
        assertEquals(tap.macAddress(), TestFrames.getMac(buffer, arp + ARP_SHA_OFFSET));
        assertEquals(ns.ip(TAP_HOST), buffer.getInt(arp + ARP_SPA_OFFSET));
        assertEquals(NEIGHBOUR_MAC, TestFrames.getMac(buffer, arp + ARP_THA_OFFSET));
        assertEquals(ns.ip(NEIGHBOUR_HOST), buffer.getInt(arp + ARP_TPA_OFFSET));
    }

    @Test
    void shouldAnswerIcmpEchoRequestWithSameIdAndSequence() throws Exception
    {
        final TapDevice tap = openWithAddress(new TapOptions().name(ns.nextTapName()));
        ns.ip("neigh", "replace", ns.ipText(NEIGHBOUR_HOST), "lladdr", macText(NEIGHBOUR_MAC),
            "dev", tap.name(), "nud", "permanent");
        final int id = 0x4242;
        final int seq = 7;
        final int length = TestFrames.icmpEchoRequest(
            buffer, 0, tap.macAddress(), NEIGHBOUR_MAC, ns.ip(NEIGHBOUR_HOST), ns.ip(TAP_HOST), id, seq);

        assertEquals(length, tap.write(buffer, 0, length));

        final int replyOffset = 2048;
        readUntil(tap, replyOffset, FrameKind.ICMP_ECHO_REPLY);
        final int ip = replyOffset + ETH_HEADER_LENGTH;
        final int icmp = ip + IPV4_HEADER_LENGTH;
        assertEquals(NEIGHBOUR_MAC, TestFrames.getMac(buffer, replyOffset + ETH_DST_OFFSET));
        assertEquals(tap.macAddress(), TestFrames.getMac(buffer, replyOffset + ETH_SRC_OFFSET));
        assertEquals(ns.ip(TAP_HOST), buffer.getInt(ip + IPV4_SRC_OFFSET));
        assertEquals(ns.ip(NEIGHBOUR_HOST), buffer.getInt(ip + IPV4_DST_OFFSET));
        assertEquals(id, buffer.getShort(icmp + ICMP_ID_OFFSET) & 0xFFFF);
        assertEquals(seq, buffer.getShort(icmp + ICMP_SEQ_OFFSET) & 0xFFFF);
    }

    @Test
    void shouldReturnZeroWhenNothingIsQueued() throws Exception
    {
        final TapDevice tap = open(new TapOptions().name(ns.nextTapName()).netns(ns.name()).up(false));

        assertEquals(0, tap.read(buffer, 0, BUFFER_SIZE));
        assertEquals(0, tap.readBatch(buffer, 2048, 4, ByteBuffer.allocateDirect(16)));
        assertFalse(linkFlags(tap.name()).contains("UP"), "link should stay down with up(false)");
    }

    @Test
    void shouldOpenNonBlockingCloseOnExecFd() throws Exception
    {
        final TapDevice tap = open(new TapOptions().name(ns.nextTapName()).netns(ns.name()).up(false));

        int flags = -1;
        for (final String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + tap.fd())))
        {
            if (line.startsWith("flags:"))
            {
                flags = Integer.parseInt(line.substring("flags:".length()).trim(), 8);
            }
        }
        assertTrue(flags >= 0, "no flags line in fdinfo");
        assertEquals(LibC.O_NONBLOCK, flags & LibC.O_NONBLOCK);
        assertEquals(LibC.O_CLOEXEC, flags & LibC.O_CLOEXEC);
        assertEquals(LibC.O_RDWR, flags & 3);
    }

    @Test
    void shouldNotAllocateOnSingleFrameReadAndWrite() throws Exception
    {
        final TapDevice tap = openWithAddress(new TapOptions().name(ns.nextTapName()));
        final int length = TestFrames.arpRequest(buffer, 0, NEIGHBOUR_MAC, ns.ip(NEIGHBOUR_HOST), ns.ip(TAP_HOST));
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        exchange(tap, length, 20_000);

        final long before = threads.getThreadAllocatedBytes(threadId);
        final int frames = exchange(tap, length, 20_000);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertTrue(frames > 0);
        // one object per frame would be at least 16 B x 20,000 = 320,000 B; a few hundred bytes once
        // (a JIT recompilation, a safepoint on a loaded machine) are not the fast path's
        assertTrue(allocated < 16_384, "allocated " + allocated + " bytes for 20000 writes and reads");
    }

    private int exchange(final TapDevice tap, final int length, final int iterations)
    {
        int frames = 0;
        for (int i = 0; i < iterations; i++)
        {
            if (length != tap.write(buffer, 0, length))
            {
                fail("write failed");
            }
            int n;
            while ((n = tap.read(buffer, 2048, 2048)) > 0)
            {
                frames++;
            }
            if (n < 0)
            {
                fail("read failed: " + Errno.describe(n));
            }
        }
        return frames;
    }

    @Test
    void shouldSetMtuAsAsked() throws Exception
    {
        final TapDevice tap = open(new TapOptions().name(ns.nextTapName()).netns(ns.name()).mtu(1400));

        assertEquals(1400, tap.mtu());
        assertTrue(ns.ip("link", "show", tap.name()).contains(" mtu 1400 "));
        assertTrue(linkFlags(tap.name()).contains("UP"));
    }

    @Test
    void shouldReportKernelDefaultMtuWhenLeftAsIs() throws Exception
    {
        final TapDevice tap = open(new TapOptions().name(ns.nextTapName()).netns(ns.name()));

        assertEquals(1500, tap.mtu());
    }

    @Test
    void shouldReportMacAddressKnownToKernel() throws Exception
    {
        final TapDevice tap = open(new TapOptions().name(ns.nextTapName()).netns(ns.name()));

        assertNotEquals(0L, tap.macAddress());
        assertTrue(ns.ip("link", "show", tap.name()).contains("link/ether " + macText(tap.macAddress())));
    }

    @Test
    void shouldKeepPersistentTapAfterClose() throws Exception
    {
        final String name = ns.nextTapName();
        ns.ip("tuntap", "add", "dev", name, "mode", "tap");
        persistentTaps.add(name);
        final TapDevice tap = open(new TapOptions().name(name).netns(ns.name()).mtu(9000));
        assertEquals(name, tap.name());

        tap.close();

        assertEquals(-1, tap.fd());
        final String link = ns.ip("link", "show", name);
        assertTrue(link.contains(" mtu 9000 "), link);
    }

    @Test
    void shouldRemoveNonPersistentTapOnClose() throws Exception
    {
        final TapDevice tap = open(new TapOptions().name(ns.nextTapName()).netns(ns.name()));
        assertEquals(0, ns.ipStatus("link", "show", tap.name()));

        tap.close();

        assertNotEquals(0, ns.ipStatus("link", "show", tap.name()));
    }

    @Test
    void shouldFailWithClearMessageWhenNetnsIsMissing()
    {
        final String missing = "vt-missing-" + ns.name();
        final String name = ns.nextTapName();

        final TapOpenException ex = assertThrows(
            TapOpenException.class, () -> open(new TapOptions().name(name).netns(missing)));

        assertEquals(Errno.ENOENT, ex.errno());
        assertEquals(TapOpenStep.OPEN_NETNS, ex.step());
        assertTrue(ex.getMessage().startsWith("cannot open TAP " + name + " in netns /var/run/netns/" + missing +
            ": ENOENT"), ex.getMessage());
    }

    @Test
    void shouldLeaveCallingThreadInItsOwnNetns() throws Exception
    {
        final Path threadNetns = Path.of("/proc/thread-self/ns/net");
        final Path before = Files.readSymbolicLink(threadNetns);

        open(new TapOptions().name(ns.nextTapName()).netns(ns.name()));

        assertEquals(before, Files.readSymbolicLink(threadNetns));
        assertNotEquals(before.toString(), TestNamespace.run("ip", "netns", "exec", ns.name(),
            "readlink", "/proc/self/ns/net").trim());
    }

    @Test
    void shouldOpenInCallersNetnsWhenNoneIsGiven() throws Exception
    {
        final String name = ns.nextTapName();
        final TapDevice tap = open(new TapOptions().name(name).up(false));
        try
        {
            assertEquals(0, TestNamespace.exec("ip", "link", "show", name).status);
            assertNotEquals(0, ns.ipStatus("link", "show", name));
        }
        finally
        {
            tap.close();
        }
    }

    @Test
    void shouldUseKernelAssignedNameWhenNameIsEmpty() throws Exception
    {
        final TapDevice tap = open(new TapOptions().netns(ns.name()).up(false));

        assertTrue(tap.name().startsWith("tap"), tap.name());
        assertEquals(0, ns.ipStatus("link", "show", tap.name()));
    }

    @Test
    void shouldOpenEveryQueueOfMultiQueueTap() throws Exception
    {
        final String name = ns.nextTapName();
        final TapDevice first = open(new TapOptions().name(name).netns(ns.name()).multiQueue(true));
        final TapDevice second = open(new TapOptions().name(name).netns(ns.name()).multiQueue(true));

        assertEquals(name, second.name());
        assertNotEquals(first.fd(), second.fd());
        assertEquals(first.macAddress(), second.macAddress());
    }

    @Test
    void shouldExchangeFramesWithVnetHeader() throws Exception
    {
        final TapDevice tap = openWithAddress(new TapOptions().name(ns.nextTapName()).vnetHeader(true));
        final int header = TunConstants.VIRTIO_NET_HDR_MRG_RXBUF_LENGTH;
        assertTrue(tap.vnetHeader());
        assertEquals(0, tap.setVnetHeaderSize(header));
        assertEquals(0, tap.setOffload(TunConstants.TUN_F_CSUM));
        for (int i = 0; i < header; i++)
        {
            buffer.put(i, (byte)0);
        }
        final int length = TestFrames.arpRequest(buffer, header, NEIGHBOUR_MAC, ns.ip(NEIGHBOUR_HOST), ns.ip(TAP_HOST));

        assertEquals(header + length, tap.write(buffer, 0, header + length));

        final int replyOffset = 2048;
        final long deadline = System.currentTimeMillis() + REPLY_TIMEOUT_MS;
        while (true)
        {
            final int n = tap.read(buffer, replyOffset, 2048);
            assertTrue(n >= 0, () -> "read failed: " + Errno.describe(n));
            if (n > header && TestFrames.isArpReply(buffer, replyOffset + header, n - header))
            {
                assertEquals(tap.macAddress(), TestFrames.getMac(buffer, replyOffset + header + ETH_SRC_OFFSET));
                break;
            }
            awaitMore(n, deadline, "ARP reply behind a vnet header");
        }
    }

    @Test
    void shouldRejectUnknownOffloadFlagsWithEinval() throws Exception
    {
        final TapDevice tap = open(new TapOptions().name(ns.nextTapName()).netns(ns.name()).up(false));

        assertEquals(0, tap.setOffload(0));
        assertEquals(-Errno.EINVAL, tap.setOffload(0x4000_0000));
        assertEquals(-Errno.EINVAL, tap.setVnetHeaderSize(4));
    }

    @Test
    void shouldWriteAndReadFramesInBatches() throws Exception
    {
        final TapDevice tap = openWithAddress(new TapOptions().name(ns.nextTapName()));
        final int slot = 2048;
        final int count = 3;
        final ByteBuffer frames = ByteBuffer.allocateDirect(slot * 8);
        final ByteBuffer lengths = ByteBuffer.allocateDirect(4 * 8).order(ByteOrder.nativeOrder());
        for (int i = 0; i < count; i++)
        {
            lengths.putInt(4 * i, TestFrames.arpRequest(
                frames, i * slot, NEIGHBOUR_MAC + i, ns.ip(NEIGHBOUR_HOST + i), ns.ip(TAP_HOST)));
        }

        assertEquals(count, tap.writeBatch(frames, slot, lengths, count));

        int replies = 0;
        final long deadline = System.currentTimeMillis() + REPLY_TIMEOUT_MS;
        while (replies < count)
        {
            final int n = tap.readBatch(frames, slot, 8, lengths);
            assertTrue(n >= 0, () -> "readBatch failed: " + Errno.describe(n));
            for (int i = 0; i < n; i++)
            {
                if (TestFrames.isArpReply(frames, i * slot, lengths.getInt(4 * i)))
                {
                    final int arp = i * slot + ETH_HEADER_LENGTH;
                    assertEquals(tap.macAddress(), TestFrames.getMac(frames, arp + ARP_SHA_OFFSET));
                    replies++;
                }
            }
            awaitMore(n, deadline, count + " ARP replies, got " + replies);
        }
        assertEquals(count, replies);
    }

    @Test
    void shouldReturnErrorsInsteadOfThrowingOnBadArguments() throws Exception
    {
        final TapDevice tap = open(new TapOptions().name(ns.nextTapName()).netns(ns.name()).up(false));

        assertEquals(-Errno.EINVAL, tap.read(null, 0, 64));
        assertEquals(-Errno.EINVAL, tap.read(ByteBuffer.allocate(64), 0, 64));
        assertEquals(-Errno.EINVAL, tap.readBatch(buffer, 0, 4, buffer));
        assertEquals(-Errno.EINVAL, tap.read(buffer, BUFFER_SIZE - 10, 64));
        assertEquals(-Errno.EINVAL, tap.write(buffer, -1, 64));

        tap.close();

        assertEquals(-Errno.EBADF, tap.read(buffer, 0, 64));
        assertEquals(-Errno.EBADF, tap.write(buffer, 0, 64));
    }

    private int readUntil(final TapDevice tap, final int offset, final FrameKind kind)
    {
        final long deadline = System.currentTimeMillis() + REPLY_TIMEOUT_MS;
        while (true)
        {
            final int n = tap.read(buffer, offset, 2048);
            assertTrue(n >= 0, () -> "read failed: " + Errno.describe(n));
            if (n > 0 && kind.matches(buffer, offset, n))
            {
                return n;
            }
            awaitMore(n, deadline, kind.name());
        }
    }

    /** Fails past {@code deadline}; after an empty non-blocking read, pauses 1 ms before the caller polls again. */
    private static void awaitMore(final int lastRead, final long deadline, final String what)
    {
        if (System.currentTimeMillis() > deadline)
        {
            fail("no " + what + " within " + REPLY_TIMEOUT_MS + " ms");
        }
        if (0 == lastRead)
        {
            try
            {
                Thread.sleep(1);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    private String linkFlags(final String name)
    {
        final String link = ns.ip("link", "show", name);
        return link.substring(link.indexOf('<') + 1, link.indexOf('>'));
    }

    private enum FrameKind
    {
        ARP_REPLY
        {
            boolean matches(final ByteBuffer buf, final int offset, final int length)
            {
                return TestFrames.isArpReply(buf, offset, length);
            }
        },
        ICMP_ECHO_REPLY
        {
            boolean matches(final ByteBuffer buf, final int offset, final int length)
            {
                return TestFrames.isIcmpEchoReply(buf, offset, length);
            }
        };

        abstract boolean matches(ByteBuffer buf, int offset, int length);
    }

    /** A MAC in the text form of iproute2 ({@code aa:bb:cc:dd:ee:ff}), from the JDK's hex codec. */
    private static String macText(final long mac)
    {
        return HexFormat.ofDelimiter(":").formatHex(ByteBuffer.allocate(Long.BYTES).putLong(mac).array(), 2, 8);
    }
}
