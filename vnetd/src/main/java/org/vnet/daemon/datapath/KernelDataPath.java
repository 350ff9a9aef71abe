package org.vnet.daemon.datapath;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.link.LinkPort;
import org.vnet.daemon.model.PortSecurity;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.switching.FlowCache;
import org.vnet.daemon.switching.Port;
import org.vnet.daemon.switching.Switch;
import org.vnet.nativeio.bpf.BpfException;
import org.vnet.nativeio.bpf.BpfFs;
import org.vnet.nativeio.bpf.BpfMap;
import org.vnet.nativeio.bpf.BpfObject;
import org.vnet.nativeio.bpf.BpfSupport;
import org.vnet.nativeio.bpf.DataPathMaps;
import org.vnet.nativeio.bpf.TcHook;

/**
 * The kernel data path of one daemon: the two eBPF programs (transmit on the TAP, receive on the
 * VXLAN device) with their maps pinned in a folder of this daemon, and the one interface they
 * serve. vnetd is its control plane and slow path: a frame the kernel misses reaches the TAP's file
 * descriptor, the switch decides, and a unicast decision to a UDP link whose peer offers VXLAN for
 * that destination is installed here as an exact (TAP, source, destination) flow, active after a
 * hold-off so the slow path's frames arrive first. Every change of rules, links or interfaces
 * flushes the flows before it is acknowledged; a periodic revalidation drops flows the switch would
 * no longer decide the same way (MAC moved or aged, offer withdrawn).
 * <p>
 * Threads: flows ({@link #onUnicast}, {@link #flush}, {@link #revalidate}) on the data-plane thread
 * only; attach/detach and peers on the conductor's; counters may be read from any thread.
 */
public final class KernelDataPath implements FlowCache, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KernelDataPath.class);
    /** tc handle and priority of vnet's filters. */
    static final int TC_HANDLE = 0x564E;
    static final int TC_PRIORITY = 1;
    private static final int MAX_FLOWS = 65_536;
    private static final int VXLAN_OVERHEAD_IPV4 = 50;

    private final DataPathConfig config;
    private final Path pinDir;
    private final BpfObject tx;
    private final BpfObject rx;
    private final BpfMap ifaces;
    private final BpfMap flows;
    private final BpfMap peers;
    private final BpfMap ports;
    private final BpfMap stats;
    private final int eventsFd;
    private final int underlayMtu;

    private final UnsafeBuffer flowKey = direct(DataPathMaps.FLOW_KEY_LENGTH);
    private final UnsafeBuffer flowValue = direct(DataPathMaps.FLOW_LENGTH);
    private final UnsafeBuffer statValue;
    private final UnsafeBuffer portKey = direct(4);
    private final UnsafeBuffer portValue;
    private final int[][] remote = new int[Switch.maxPorts()][];
    private final boolean[] remoteV6 = new boolean[Switch.maxPorts()];

    // the installed flows, mirrored for revalidation (data-plane thread)
    private final int[] flowIn = new int[MAX_FLOWS];
    private final int[] flowOut = new int[MAX_FLOWS];
    private final long[] flowSrc = new long[MAX_FLOWS];
    private final long[] flowDst = new long[MAX_FLOWS];
    private int flowCount;
    private volatile int flowsInstalled;

    private volatile Attached attached;
    private final KernelGuards guards;
    private PortSecurity security = PortSecurity.NONE;

    private static final int LEARN_SCAN = 4096;
    private final BpfMap pairs;
    private final UnsafeBuffer pairKey = direct(DataPathMaps.PAIR_KEY_LENGTH);
    private final UnsafeBuffer pairNext = direct(DataPathMaps.PAIR_KEY_LENGTH);
    private final UnsafeBuffer pairValue;
    private long lastLearnNs;

    /** The interface the kernel path serves. */
    record Attached(String name, String netns, int port, int tapIfindex, String vxlan, int vxIfindex) {
    }

    private KernelDataPath(final DataPathConfig config, final Path pinDir, final BpfObject tx, final BpfObject rx,
                           final int underlayMtu) {
        this.config = config;
        this.pinDir = pinDir;
        this.tx = tx;
        this.rx = rx;
        this.underlayMtu = underlayMtu;
        this.ifaces = new BpfMap(tx.mapFd(DataPathMaps.VNET_IFACES), 4, DataPathMaps.IFACE_LENGTH, false);
        this.flows = new BpfMap(tx.mapFd(DataPathMaps.VNET_FLOWS), DataPathMaps.FLOW_KEY_LENGTH, DataPathMaps.FLOW_LENGTH,
            false);
        this.peers = new BpfMap(rx.mapFd(DataPathMaps.VNET_PEERS), DataPathMaps.PEER_KEY_LENGTH, DataPathMaps.PEER_LENGTH,
            false);
        this.ports = new BpfMap(tx.mapFd(DataPathMaps.VNET_PORTS), 4, DataPathMaps.COUNTS_LENGTH, true);
        this.stats = new BpfMap(tx.mapFd(DataPathMaps.VNET_STATS), 4, 8, true);
        this.pairs = new BpfMap(tx.mapFd(DataPathMaps.VNET_PAIRS), DataPathMaps.PAIR_KEY_LENGTH,
            DataPathMaps.COUNTS_LENGTH, true);
        this.pairValue = direct(pairs.valueStride() * BpfMap.possibleCpus());
        this.eventsFd = tx.mapFd(DataPathMaps.VNET_EVENTS);
        this.guards = new KernelGuards(new BpfMap(tx.mapFd(DataPathMaps.VNET_GUARDS), 4, DataPathMaps.GUARD_LENGTH, false));
        this.statValue = direct(stats.valueStride() * BpfMap.possibleCpus());
        this.portValue = direct(ports.valueStride() * BpfMap.possibleCpus());
    }

    /**
     * Loads the programs and pins their maps under {@code config.bpffs()/daemon}; a map pinned
     * there by an earlier run of this daemon is reused, its flows flushed (port ids may differ).
     *
     * @throws BpfException with the reason (and the verifier's log tail) when eBPF cannot be used
     */
    public static KernelDataPath open(final DataPathConfig config, final String daemon, final int underlayMtu)
        throws BpfException {
        if (!BpfSupport.isAvailable()) {
            throw new BpfException(BpfSupport.unavailabilityCause());
        }
        final Path dir = BpfFs.ensureDirectory(config.bpffs().resolve(daemon));
        BpfObject tx;
        try {
            tx = BpfObject.load("/bpf/tap_tx.o", dir);
        } catch (final BpfException e) {
            // pins of another version (other map sizes) cannot be reused: start afresh once
            LOG.warn("kernel data path: pinned maps in {} not reusable ({}); removing them", dir, e.getMessage());
            BpfFs.removeTree(dir);
            tx = BpfObject.load("/bpf/tap_tx.o", BpfFs.ensureDirectory(dir));
        }
        final BpfObject rx;
        try {
            rx = BpfObject.load("/bpf/vxlan_rx.o", dir);
        } catch (final BpfException e) {
            tx.close();
            throw e;
        }
        final KernelDataPath k = new KernelDataPath(config, dir, tx, rx, underlayMtu);
        k.flows.clear();
        k.peers.clear();
        k.ifaces.clear();
        k.guards.clear();
        return k;
    }

    /** The settings. */
    public DataPathConfig config() {
        return config;
    }

    /** Where the maps are pinned. */
    public Path pinDir() {
        return pinDir;
    }

    /** The event ring's map fd (for {@link KernelEvents}). */
    public int eventsFd() {
        return eventsFd;
    }

    /** The interface the kernel serves, or null. */
    public String attachedInterface() {
        final Attached a = attached;
        return a == null ? null : a.name();
    }

    /** The port id of the interface the kernel serves, or -1. */
    public int attachedPort() {
        final Attached a = attached;
        return a == null ? -1 : a.port();
    }

    /**
     * Puts interface {@code name} (a TAP in {@code netns}, null for the daemon's) on the kernel path:
     * makes its VXLAN device, writes both interface entries and attaches both programs. Conductor
     * thread.
     *
     * @param events whether the programs emit inference events
     * @return null when attached, else why the interface stays on the Java path
     */
    public synchronized String attach(final String name, final String netns, final int port, final int tapMtu,
                                      final boolean events) {
        if (attached != null) {
            return "the kernel path serves one interface per daemon (" + attached.name()
                + " holds VXLAN port " + config.vxlanPort() + ")";
        }
        final String vx = VxlanDevice.name(port);
        try {
            final int tapIfindex = TcHook.ifindex(netns, name);
            VxlanDevice.create(vx, netns, config.vxlanPort());
            final int vxIfindex = TcHook.ifindex(netns, vx);
            final int flags = events ? DataPathMaps.VNET_IF_EVENTS : 0;
            final int mtu = Math.min(tapMtu, underlayMtu - VXLAN_OVERHEAD_IPV4);
            final UnsafeBuffer key = direct(4);
            final UnsafeBuffer value = direct(DataPathMaps.IFACE_LENGTH);
            key.putInt(0, tapIfindex);
            DataPathMaps.iface(value, port, vxIfindex, mtu, flags);
            check(ifaces.update(key, value, BpfMap.ANY), "vnet_ifaces");
            key.putInt(0, vxIfindex);
            DataPathMaps.iface(value, port, tapIfindex, 0,
                flags | (config.hook() == DataPathConfig.Hook.EGRESS ? DataPathMaps.VNET_IF_DELIVER_INGRESS : 0));
            check(ifaces.update(key, value, BpfMap.ANY), "vnet_ifaces");
            TcHook.attach(netns, tapIfindex, config.hook() == DataPathConfig.Hook.EGRESS,
                tx.programFd(DataPathMaps.TAP_TX_PROGRAM), TC_HANDLE, TC_PRIORITY);
            TcHook.attach(netns, vxIfindex, false, rx.programFd(DataPathMaps.VXLAN_RX_PROGRAM), TC_HANDLE, TC_PRIORITY);
            attached = new Attached(name, netns, port, tapIfindex, vx, vxIfindex);
            LOG.info("interface {} on the kernel path: tc {} on {} -> {} (VXLAN port {}, vni {}), mtu {}", name,
                config.hook().name().toLowerCase(java.util.Locale.ROOT), name, vx, config.vxlanPort(), config.vni(), mtu);
            return null;
        } catch (final BpfException | IOException | RuntimeException e) {
            VxlanDevice.remove(vx, netns);
            return e.getMessage();
        }
    }

    /** Takes interface {@code name} off the kernel path (programs detached, device deleted). */
    public synchronized void detach(final String name) {
        final Attached a = attached;
        if (a == null || !a.name().equals(name)) {
            return;
        }
        attached = null;
        final UnsafeBuffer key = direct(4);
        key.putInt(0, a.tapIfindex());
        ifaces.delete(key);
        guards.remove(a.tapIfindex());
        key.putInt(0, a.vxIfindex());
        ifaces.delete(key);
        TcHook.detach(a.netns(), a.tapIfindex(), config.hook() == DataPathConfig.Hook.EGRESS, TC_HANDLE, TC_PRIORITY);
        VxlanDevice.remove(a.vxlan(), a.netns());
        peers.clear();
        LOG.info("interface {} off the kernel path", name);
    }

    /**
     * Lets the peers of {@code links} send VXLAN into the interface's device, each as its link.
     * Replaces every earlier peer. Sealed UDP links ({@code security: aead}) are never admitted: plain
     * VXLAN from their peer's address is exactly what sealing refuses. Data-plane thread (port ids
     * are assigned there).
     */
    public void peers(final List<LinkPort> links) {
        final Attached a = attached;
        peers.clear();
        for (final LinkPort l : links) {
            if (l.spec().transport() != Transport.UDP && l.spec().transport() != Transport.VXLAN || l.spec().sealed()) {
                continue;
            }
            final InetAddress ip = l.spec().peer().getAddress();
            final int id = l.id();
            remoteV6[id] = ip instanceof Inet6Address;
            remote[id] = DataPathMaps.remoteWords(ip);
            if (a != null) {
                final UnsafeBuffer key = direct(DataPathMaps.PEER_KEY_LENGTH);
                final UnsafeBuffer value = direct(DataPathMaps.PEER_LENGTH);
                DataPathMaps.peerKey(key, a.vxIfindex(), config.vni(), remote[id]);
                DataPathMaps.peer(value, id, 0);
                final int rc = peers.update(key, value, BpfMap.ANY);
                if (rc != 0) {
                    LOG.warn("link {}: cannot admit its peer to the kernel receiver (errno {})", l.name(), -rc);
                }
            }
        }
    }

    /**
     * Gives the kernel the attached interface's port security: its pinned MAC ({@code pinnedMac},
     * -1 while none) and its broadcast and multicast limits. No-op unless {@code port} is the
     * attached interface. Data-plane thread (ordered with {@link #onPinned}).
     */
    public void guard(final int port, final PortSecurity portSecurity, final long pinnedMac) {
        final Attached a = attached;
        if (a == null || a.port() != port) {
            return;
        }
        security = portSecurity;
        final int rc = guards.write(a.tapIfindex(), portSecurity, pinnedMac);
        if (rc != 0) {
            LOG.warn("interface {}: cannot write its port security to the kernel (errno {})", a.name(), -rc);
        }
    }

    @Override
    public void onPinned(final Port port, final long mac) {
        guard(port.id(), security, mac);
    }

    @Override
    public void onUnicast(final Port ingress, final long src, final long dst, final Port egress, final long nowMillis) {
        final Attached a = attached;
        if (a == null || ingress.id() != a.port() || !(egress instanceof LinkPort link)
            || !takes(link, dst, nowMillis) || flowCount == MAX_FLOWS) {
            return;
        }
        final int out = egress.id();
        if (remote[out] == null) {
            return;
        }
        DataPathMaps.flowKey(flowKey, a.tapIfindex(), src, dst);
        DataPathMaps.flow(flowValue, remote[out], config.vni(), out, remoteV6[out] ? DataPathMaps.VNET_FLOW_IPV6 : 0,
            System.nanoTime() + config.holdoffMicros() * 1_000L);
        if (flows.update(flowKey, flowValue, BpfMap.NOEXIST) == 0) {
            flowIn[flowCount] = ingress.id();
            flowOut[flowCount] = out;
            flowSrc[flowCount] = src;
            flowDst[flowCount] = dst;
            flowsInstalled = ++flowCount;
        }
    }

    @Override
    public void onLinkChanged(final Port link) {
        // revalidated on the next tick; a withdrawn offer must stop VXLAN at once
        final long now = System.currentTimeMillis();
        for (int i = flowCount - 1; i >= 0; i--) {
            if (flowOut[i] == link.id() && !(link instanceof LinkPort l && takes(l, flowDst[i], now))) {
                remove(i);
            }
        }
    }

    /** Removes every flow; the next frame of each goes through the slow path again. Data-plane thread. */
    public void flush() {
        flows.clear();
        flowCount = 0;
        flowsInstalled = 0;
    }

    /** Removes the flows {@code sw} would no longer send the same way. Data-plane thread. */
    public void revalidate(final Switch sw, final long nowMillis) {
        for (int i = flowCount - 1; i >= 0; i--) {
            final int out = flowOut[i];
            final Port p = sw.port(out);
            if (sw.decide(flowIn[i], flowSrc[i], flowDst[i], nowMillis) != out || !(p instanceof LinkPort l)
                || !takes(l, flowDst[i], nowMillis)) {
                remove(i);
            }
        }
    }

    /**
     * Whether {@code link} takes VXLAN for {@code dst}: a plain VXLAN endpoint always, a vnet peer if it
     * offers it, a sealed UDP link never (its frames stay on the daemon's sealed path).
     */
    private boolean takes(final LinkPort link, final long dst, final long nowMillis) {
        return switch (link.spec().transport()) {
            case VXLAN -> true;
            case UDP -> !link.spec().sealed() && link.offer().accepts(dst, config.vxlanPort(), config.vni(), nowMillis);
            default -> false;
        };
    }

    /**
     * Refreshes the switch's MAC learning from the kernel's per-pair counters: a source seen by the
     * kernel since the last call is learned on the port it entered by (frames the kernel switches
     * never reach the switch, so their addresses would age out, and those of a plain VXLAN endpoint
     * would never be learned). Reads at most {@value #LEARN_SCAN} pairs. Data-plane thread.
     */
    public void learn(final Switch sw, final long nowMillis) {
        final long since = lastLearnNs;
        lastLearnNs = System.nanoTime();
        int n = 0;
        UnsafeBuffer key = null;
        while (n++ < LEARN_SCAN && pairs.nextKey(key, pairNext) == 0) {
            pairKey.putBytes(0, pairNext, 0, DataPathMaps.PAIR_KEY_LENGTH);
            key = pairKey;
            if (pairs.lookup(pairKey, pairValue) != 0) {
                continue;
            }
            final long last = DataPathMaps.max(pairValue, pairs.valueStride(), BpfMap.possibleCpus(),
                DataPathMaps.COUNTS_LAST_NS_OFFSET);
            final int port = DataPathMaps.pairPort(pairKey);
            final long src = DataPathMaps.pairSrcMac(pairKey);
            if (last > since && port >= 0 && port < Switch.maxPorts() && sw.port(port) != null
                && !org.vnet.inference.packet.Mac.isGroup(src)) {
                sw.macs().learn(src, port, nowMillis);
            }
        }
    }

    private void remove(final int i) {
        final Attached a = attached;
        if (a != null) {
            DataPathMaps.flowKey(flowKey, a.tapIfindex(), flowSrc[i], flowDst[i]);
            flows.delete(flowKey);
        }
        final int last = --flowCount;
        flowIn[i] = flowIn[last];
        flowOut[i] = flowOut[last];
        flowSrc[i] = flowSrc[last];
        flowDst[i] = flowDst[last];
        flowsInstalled = flowCount;
    }

    /** Flows installed now. */
    public int flows() {
        return flowsInstalled;
    }

    /** A data-path counter ({@code DataPathMaps.STAT_*}) summed over CPUs. */
    public synchronized long stat(final int index) {
        portKey.putInt(0, index);
        if (stats.lookup(portKey, statValue) != 0) {
            return 0;
        }
        return DataPathMaps.sum(statValue, stats.valueStride(), BpfMap.possibleCpus(), 0);
    }

    /**
     * What the kernel switched for port {@code port}: packets and bytes in (entered by it) and out,
     * summed over CPUs, into {@code out[0..3]}.
     */
    public synchronized void portCounts(final int port, final long[] out) {
        for (int dir = 0; dir < 2; dir++) {
            portKey.putInt(0, DataPathMaps.portIndex(port, dir));
            final boolean found = ports.lookup(portKey, portValue) == 0;
            out[dir * 2] = found ? DataPathMaps.sum(portValue, ports.valueStride(), BpfMap.possibleCpus(),
                DataPathMaps.COUNTS_PACKETS_OFFSET) : 0;
            out[dir * 2 + 1] = found ? DataPathMaps.sum(portValue, ports.valueStride(), BpfMap.possibleCpus(),
                DataPathMaps.COUNTS_BYTES_OFFSET) : 0;
        }
    }

    /** Clears the counters of port id {@code port} (it is reused by a new interface or link). */
    public synchronized void resetPort(final int port) {
        portValue.setMemory(0, portValue.capacity(), (byte) 0);
        for (int dir = 0; dir < 2; dir++) {
            portKey.putInt(0, DataPathMaps.portIndex(port, dir));
            ports.update(portKey, portValue, BpfMap.ANY);
        }
    }

    /** Detaches everything and removes this daemon's pins: the daemon stops for good. */
    @Override
    public synchronized void close() {
        final Attached a = attached;
        if (a != null) {
            detach(a.name());
        }
        flows.clear();
        tx.close();
        rx.close();
        BpfFs.removeTree(pinDir);
        BpfFs.removeIfEmpty(pinDir.getParent());
    }

    private static void check(final int rc, final String map) throws BpfException {
        if (rc != 0) {
            throw new BpfException("cannot write " + map + " (errno " + -rc + ")");
        }
    }

    private static UnsafeBuffer direct(final int size) {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(8, size)));
    }
}
