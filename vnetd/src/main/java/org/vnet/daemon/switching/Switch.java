package org.vnet.daemon.switching;

import io.netty.buffer.ByteBuf;

import org.vnet.daemon.model.PortSecurity;
import org.vnet.daemon.telemetry.MacPairCounters;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.ByteBufView;
import org.vnet.daemon.wire.WireLength;
import org.vnet.inference.event.EventRecord;
import org.vnet.inference.event.EventRing;
import org.vnet.inference.packet.Mac;

/**
 * Decides where each frame goes, run to completion on the data-plane thread:
 * <ol>
 *   <li>check the source MAC against the pins (port security) and learn it on the ingress port;</li>
 *   <li>take broadcast and multicast frames from the ingress port's storm-control buckets;</li>
 *   <li>if forwarding rules match, send on every rule of the best rank;</li>
 *   <li>else send known unicast to the port its address was learned on;</li>
 *   <li>else flood (broadcast, multicast, and unknown unicast once its bucket admits it).</li>
 * </ol>
 * Every frame dropped by port security or storm control is counted on its ingress port and in a
 * daemon counter.
 * Loop freedom (split horizon): a frame that came from a link never leaves on another link unless
 * this daemon is the hub of a star, and a hub never sends a frame back out of the link it came
 * from. With at most one hub per overlay, no frame can circle, whatever direct links exist.
 * Explicit rules are the operator's: they are obeyed as written except that a frame never goes
 * back out of its ingress port. Each frame is recorded once, at ingress, in the event ring (if
 * one is set) for the inference agent, unless port security or storm control dropped it. Never
 * allocates, never throws.
 */
public final class Switch implements FrameSink {
    private static final int MAX_PORTS = 1024;
    private static final int ETHERNET_HEADER = 14;

    private final Port[] ports = new Port[MAX_PORTS];
    private final int[] outPorts = new int[MAX_PORTS];
    private final int[] decideOut = new int[MAX_PORTS];
    private final Port[] dirty = new Port[MAX_PORTS];
    private int dirtyCount;
    private int highestId = -1;
    private final MacTable macs;
    private final StormControl storm = new StormControl(MAX_PORTS);
    private final Telemetry telemetry;
    private final boolean hub;
    private final WireLength wire = new WireLength();
    private ForwardingTable table = ForwardingTable.EMPTY;
    private final ByteBufView eventFrame = new ByteBufView();
    private EventRing.Producer events;
    private MacPairCounters pairCounters;
    private FlowCache flows;

    /**
     * @param macs      learned addresses
     * @param telemetry daemon counters
     * @param hub       forward link to link (the star's proxy)
     */
    public Switch(final MacTable macs, final Telemetry telemetry, final boolean hub) {
        this.macs = macs;
        this.telemetry = telemetry;
        this.hub = hub;
        macs.evictions(telemetry.counter(SystemCounter.MAC_EVICTIONS));
    }

    /** Largest number of ports. */
    public static int maxPorts() {
        return MAX_PORTS;
    }

    /** Adds {@code port} at its id. */
    public void addPort(final Port port) {
        if (ports[port.id()] != null) {
            throw new IllegalStateException("port id " + port.id() + " in use by " + ports[port.id()].name());
        }
        ports[port.id()] = port;
        highestId = Math.max(highestId, port.id());
        if (port.isLink()) {
            macs.limit(port.id(), macs.linkLimit());
        }
    }

    /**
     * Applies interface port {@code id}'s port security: pinning, learning limit (0: the default)
     * and storm control. Forgets what the port learned when its pinning changes.
     */
    public void secure(final int id, final PortSecurity security, final long nowMillis) {
        final int mode = switch (security.pin()) {
            case OFF -> MacTable.PIN_OFF;
            case FIRST -> MacTable.PIN_FIRST;
            case FIXED -> MacTable.PIN_FIXED;
        };
        macs.pin(id, mode, security.mac());
        macs.limit(id, security.maxMacs() == 0 ? MacTable.INTERFACE_LIMIT_DEFAULT : security.maxMacs());
        limit(id, StormControl.BROADCAST, security.broadcast(), nowMillis);
        limit(id, StormControl.MULTICAST, security.multicast(), nowMillis);
        limit(id, StormControl.UNKNOWN_UNICAST, security.unknownUnicast(), nowMillis);
    }

    private void limit(final int id, final int kind, final PortSecurity.Limit limit, final long nowMillis) {
        storm.configure(id, kind, limit.rate(), limit.burst(), nowMillis);
    }

    /** Removes the port with {@code id} and forgets what was learned on it. */
    public void removePort(final int id) {
        ports[id] = null;
        macs.forgetPort(id);
        storm.clear(id);
        while (highestId >= 0 && ports[highestId] == null) {
            highestId--;
        }
    }

    /** The port with {@code id}, or null. */
    public Port port(final int id) {
        return ports[id];
    }

    /** Records every switched frame through {@code producer} from now on (null stops recording). */
    public void events(final EventRing.Producer producer) {
        this.events = producer;
    }

    /** Counts every switched frame per (source, destination) MAC pair from now on (null stops). */
    public void pairCounters(final MacPairCounters counters) {
        this.pairCounters = counters;
    }

    /** Reports single-port unicast decisions to {@code cache} from now on (null stops). */
    public void flows(final FlowCache cache) {
        this.flows = cache;
    }

    /** Tells the flow cache that {@code link}'s peer changed what it takes. */
    public void linkChanged(final Port link) {
        if (flows != null) {
            flows.onLinkChanged(link);
        }
    }

    /**
     * Where a frame from port {@code in} with {@code src}/{@code dst} would go now, without
     * counting or learning anything: the one egress port id, or -1 when it would go to several
     * ports, be flooded or dropped. For revalidating flows a kernel data path holds.
     */
    public int decide(final int in, final long src, final long dst, final long nowMillis) {
        final Port ingress = in >= 0 && in < MAX_PORTS ? ports[in] : null;
        if (ingress == null || Mac.isGroup(dst)) {
            return -1;
        }
        final int ruled = table.match(src, dst, in, decideOut, false);
        if (ruled != 0) {
            return ruled == 1 ? decideOut[0] : -1;
        }
        final int learned = macs.lookup(dst, nowMillis);
        if (learned < 0 || ports[learned] == null || learned == in
            || (ingress.isLink() && ports[learned].isLink() && !hub)) {
            return -1;
        }
        return learned;
    }

    /**
     * Whether every frame for {@code mac} arriving from a link would be delivered to local port
     * {@code port} alone, whatever its source: no rule that can match it sends it elsewhere.
     */
    public boolean deliversFromLinks(final long mac, final int port) {
        return !table.diverts(mac, port, ports);
    }

    /** Replaces the forwarding rules. */
    public void table(final ForwardingTable table) {
        this.table = table;
    }

    /** The learned address table. */
    public MacTable macs() {
        return macs;
    }

    /**
     * Switches one plain frame (complete checksums, no GSO) that arrived on {@code ingress}.
     *
     * @param nowMillis coarse clock for learning and ageing
     */
    public void onFrame(final Port ingress, final ByteBuf frame, final int offset, final int length, final long nowMillis) {
        onFrame(ingress, frame, offset, length, -1, nowMillis);
    }

    /**
     * Switches one frame that arrived on {@code ingress}.
     *
     * @param vnetHdr   offset of the frame's {@code virtio_net_hdr} in {@code frame}, or -1
     * @param nowMillis coarse clock for learning and ageing
     */
    @Override
    public void onFrame(final Port ingress, final ByteBuf frame, final int offset, final int length, final int vnetHdr,
                        final long nowMillis) {
        if (length < ETHERNET_HEADER) {
            telemetry.increment(SystemCounter.RUNT_FRAMES);
            ingress.counters().dropped();
            return;
        }
        ingress.counters().received(length);
        final long dst = mac(frame, offset);
        final long src = mac(frame, offset + 6);
        final int in = ingress.id();
        final int verdict = macs.learn(src, in, nowMillis);
        if (verdict < 0) {
            telemetry.increment(verdict == MacTable.NOT_PINNED ? SystemCounter.PIN_DROPS : SystemCounter.SPOOF_DROPS);
            ingress.counters().sourceDropped();
            return;
        }
        if (verdict != MacTable.KNOWN) {
            telemetry.increment(SystemCounter.MACS_LEARNED);
            if (verdict == MacTable.PINNED && flows != null) {
                flows.onPinned(ingress, src);
            }
        }
        if (Mac.isGroup(dst)) {
            final int kind = dst == Mac.BROADCAST ? StormControl.BROADCAST : StormControl.MULTICAST;
            if (!storm.admit(in, kind, nowMillis)) {
                stormDrop(ingress, kind);
                return;
            }
        }
        // a super-frame's wire bytes matter only to the telemetry: not parsed when inference is off
        final int wireLength = vnetHdr < 0 || (events == null && pairCounters == null) ? length
            : wire.of(frame, offset, length, vnetHdr);
        if (events != null) {
            if (eventFrame.wrap(frame, offset, length)) {
                events.offer(ingress.id(), ingress.isLink() ? EventRecord.DIRECTION_RX : EventRecord.DIRECTION_TX,
                    eventFrame.buffer(), 0, length, wireLength);
            } else {
                events.drop();
            }
        }
        if (pairCounters != null) {
            pairCounters.count(src, dst, wireLength);
        }

        final int ruled = table.match(src, dst, in, outPorts);
        if (ruled > 0) {
            telemetry.increment(SystemCounter.RULE_FRAMES);
            for (int i = 0; i < ruled; i++) {
                emit(ports[outPorts[i]], frame, offset, length, vnetHdr);
            }
            if (ruled == 1 && flows != null && !ingress.isLink() && !Mac.isGroup(dst)) {
                flows.onUnicast(ingress, src, dst, ports[outPorts[0]], nowMillis);
            }
            return;
        }
        if (ruled < 0) {
            telemetry.increment(SystemCounter.NO_OUTPUT_FRAMES);
            return;
        }

        if (!Mac.isGroup(dst)) {
            final int learned = macs.lookup(dst, nowMillis);
            if (learned >= 0 && ports[learned] != null) {
                if (learned == in || (ingress.isLink() && ports[learned].isLink() && !hub)) {
                    telemetry.increment(SystemCounter.FILTERED_FRAMES);
                } else {
                    emit(ports[learned], frame, offset, length, vnetHdr);
                    if (flows != null && !ingress.isLink()) {
                        flows.onUnicast(ingress, src, dst, ports[learned], nowMillis);
                    }
                }
                return;
            }
        }

        if (!Mac.isGroup(dst) && !storm.admit(in, StormControl.UNKNOWN_UNICAST, nowMillis)) {
            stormDrop(ingress, StormControl.UNKNOWN_UNICAST);
            return;
        }
        telemetry.increment(SystemCounter.FLOODED_FRAMES);
        boolean sent = false;
        for (int id = 0; id <= highestId; id++) {
            final Port p = ports[id];
            if (p == null || id == in || (ingress.isLink() && p.isLink() && !hub)) {
                continue;
            }
            emit(p, frame, offset, length, vnetHdr);
            sent = true;
        }
        if (!sent) {
            telemetry.increment(SystemCounter.NO_OUTPUT_FRAMES);
        }
    }

    /** Flushes every port written since the last call; call at the end of each read burst. */
    public void flush() {
        for (int i = 0; i < dirtyCount; i++) {
            dirty[i].flush();
            dirty[i] = null;
        }
        dirtyCount = 0;
    }

    private void stormDrop(final Port ingress, final int kind) {
        telemetry.increment(switch (kind) {
            case StormControl.BROADCAST -> SystemCounter.STORM_BROADCAST_DROPS;
            case StormControl.MULTICAST -> SystemCounter.STORM_MULTICAST_DROPS;
            default -> SystemCounter.STORM_UNKNOWN_UNICAST_DROPS;
        });
        ingress.counters().stormDropped(kind);
    }

    private void emit(final Port port, final ByteBuf frame, final int offset, final int length, final int vnetHdr) {
        if (port == null) {
            return;
        }
        port.send(frame, offset, length, vnetHdr);
        for (int i = 0; i < dirtyCount; i++) {
            if (dirty[i] == port) {
                return;
            }
        }
        dirty[dirtyCount++] = port;
    }

    private static long mac(final ByteBuf frame, final int at) {
        return ((frame.getInt(at) & 0xFFFF_FFFFL) << 16) | frame.getUnsignedShort(at + 4);
    }
}
