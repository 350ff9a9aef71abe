package org.vnet.nativeio.bpf;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vnet.nativeio.Errno;
import org.vnet.testing.Privileged;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link TcHook} and {@link Netns} on a veth device inside a network namespace made for each test
 * (never on the host's interfaces).
 */
@Privileged
class TcHookTest
{
    private static final String DEVICE = "vb0";
    private static final int HANDLE = 1;
    private static final int PRIORITY = 1;

    private String netns;
    private Path pinRoot;
    private BpfObject tx;
    private BpfObject rx;

    @BeforeEach
    void setUp() throws Exception
    {
        assumeTrue(BpfSupport.isAvailable(), BpfSupport.unavailabilityCause());
        final String name = BpfTests.newNetnsName();
        BpfTests.run("ip", "netns", "add", name);
        netns = name;
        BpfTests.run("ip", "-n", netns, "link", "add", DEVICE, "type", "veth", "peer", "name", DEVICE + "p");
        BpfTests.run("ip", "-n", netns, "link", "set", DEVICE, "up");
        pinRoot = BpfTests.newPinRoot();
        tx = BpfObject.load(BpfSupport.TAP_TX_RESOURCE, pinRoot);
        rx = BpfObject.load(BpfSupport.VXLAN_RX_RESOURCE, pinRoot);
    }

    @AfterEach
    void tearDown()
    {
        if (null != tx)
        {
            tx.close();
        }
        if (null != rx)
        {
            rx.close();
        }
        if (null != pinRoot)
        {
            BpfFs.removeTree(pinRoot);
        }
        if (null != netns)
        {
            BpfTests.exec("ip", "netns", "del", netns);
        }
    }

    private String filters(final String direction)
    {
        return BpfTests.run("tc", "-n", netns, "filter", "show", "dev", DEVICE, direction);
    }

    @Test
    void shouldAttachReplaceAndDetachOnEgress() throws Exception
    {
        final int ifindex = TcHook.ifindex(netns, DEVICE);
        assertTrue(ifindex > 0);

        TcHook.attach(netns, ifindex, true, tx.programFd(DataPathMaps.TAP_TX_PROGRAM), HANDLE, PRIORITY);
        final String attached = filters("egress");
        assertTrue(attached.contains(DataPathMaps.TAP_TX_PROGRAM) && attached.contains("direct-action"), attached);
        assertFalse(filters("ingress").contains("vnet_"));
        final int firstId = TcHook.query(netns, ifindex, true, HANDLE, PRIORITY);
        assertTrue(firstId > 0);

        TcHook.attach(netns, ifindex, true, rx.programFd(DataPathMaps.VXLAN_RX_PROGRAM), HANDLE, PRIORITY);
        final String replaced = filters("egress");
        assertTrue(replaced.contains(DataPathMaps.VXLAN_RX_PROGRAM), replaced);
        assertFalse(replaced.contains(DataPathMaps.TAP_TX_PROGRAM), "replaced in place, not added: " + replaced);
        assertNotEquals(firstId, TcHook.query(netns, ifindex, true, HANDLE, PRIORITY));

        assertTrue(TcHook.detach(netns, ifindex, true, HANDLE, PRIORITY));
        assertFalse(filters("egress").contains("vnet_"), filters("egress"));
        assertTrue(TcHook.query(netns, ifindex, true, HANDLE, PRIORITY) < 0);
        assertFalse(TcHook.detach(netns, ifindex, true, HANDLE, PRIORITY), "nothing left to detach");
    }

    @Test
    void shouldStayAttachedAfterObjectIsClosed() throws Exception
    {
        final int ifindex = TcHook.ifindex(netns, DEVICE);
        TcHook.attach(netns, ifindex, false, rx.programFd(DataPathMaps.VXLAN_RX_PROGRAM), 7, 3);
        rx.close();

        final String filters = filters("ingress");
        assertTrue(filters.contains(DataPathMaps.VXLAN_RX_PROGRAM) && filters.contains("pref 3"), filters);
        assertTrue(TcHook.detach(netns, ifindex, false, 7, 3));
        assertFalse(filters("ingress").contains("vnet_"));
    }

    @Test
    void shouldReportDetachWithoutClsactAsAbsent() throws Exception
    {
        assertFalse(TcHook.detach(netns, TcHook.ifindex(netns, DEVICE), true, HANDLE, PRIORITY));
    }

    @Test
    void shouldFailForMissingDeviceOrNamespace()
    {
        final BpfException device = assertThrows(BpfException.class, () -> TcHook.ifindex(netns, "nothere0"));
        assertEquals(Errno.ENODEV, device.errno(), device.getMessage());

        final BpfException namespace = assertThrows(BpfException.class, () -> TcHook.ifindex("vb-missing-ns", DEVICE));
        assertEquals(Errno.ENOENT, namespace.errno(), namespace.getMessage());
        assertTrue(namespace.getMessage().contains("ip netns add"), namespace.getMessage());

        final BpfException attach = assertThrows(BpfException.class, () -> TcHook.attach(netns, 999_999, true,
            tx.programFd(DataPathMaps.TAP_TX_PROGRAM), HANDLE, PRIORITY));
        assertTrue(attach.getMessage().contains("ifindex 999999 in netns " + netns), attach.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TcHook.attach(netns, 1, true, 0, 0, PRIORITY));
    }

    @Test
    void shouldRunTaskInNamespaceOnDiscardedThread() throws Exception
    {
        final Object netnsInode = Files.getAttribute(Path.of(Netns.path(netns)), "unix:ino");
        final Thread caller = Thread.currentThread();

        final Object seen = Netns.call(netns, () ->
        {
            assertNotEquals(caller, Thread.currentThread());
            return Files.getAttribute(Path.of("/proc/thread-self/ns/net"), "unix:ino");
        });

        assertEquals(netnsInode, seen);
        assertNotEquals(netnsInode, Files.getAttribute(Path.of("/proc/thread-self/ns/net"), "unix:ino"));
        assertEquals("direct", Netns.call(null, () -> "direct"));
        final IllegalStateException thrown = assertThrows(IllegalStateException.class,
            () -> Netns.call(netns, () -> { throw new IllegalStateException("from task"); }));
        assertEquals("from task", thrown.getMessage());
    }
}
