package org.vnet.daemon.model;

import java.util.Locale;

import org.vnet.inference.packet.Mac;

/**
 * Port security and storm control of one local interface.
 *
 * @param pin            which source MAC the VM may send from
 * @param mac            the MAC for {@link Pin#FIXED}, else -1
 * @param maxMacs        most MACs the interface learns, or 0 for the daemon's default
 * @param broadcast      limit on broadcast frames from the interface
 * @param multicast      limit on multicast frames from the interface
 * @param unknownUnicast limit on unicast frames to unknown (flooded) destinations
 */
public record PortSecurity(Pin pin, long mac, int maxMacs, Limit broadcast, Limit multicast, Limit unknownUnicast) {
    /** Largest {@code maxMacs}. */
    public static final int MAX_MACS_LIMIT = 1 << 20;
    /** Largest rate or burst, in frames (per second). */
    public static final long MAX_FRAMES = 1_000_000_000L;

    /** No pinning, the default learning limit, no storm control. */
    public static final PortSecurity NONE = new PortSecurity(Pin.OFF, -1, 0, Limit.NONE, Limit.NONE, Limit.NONE);

    /** Which source MAC a VM may send from. */
    public enum Pin {
        /** Any. */
        OFF,
        /** The first one the switch learns on the interface. */
        FIRST,
        /** The configured one. */
        FIXED
    }

    /**
     * A token bucket: {@code rate} frames per second with bursts of {@code burst} frames; rate 0 = no limit.
     *
     * @param rate  frames per second, 0 for no limit
     * @param burst bucket size in frames
     */
    public record Limit(long rate, long burst) {
        /** No limit. */
        public static final Limit NONE = new Limit(0, 0);

        /** Validates both fields. */
        public Limit {
            if (rate < 0 || rate > MAX_FRAMES || burst < 0 || burst > MAX_FRAMES) {
                throw new IllegalArgumentException("rate " + rate + " and burst " + burst + " must be in 0.." + MAX_FRAMES);
            }
            if (rate > 0 && burst < 1) {
                throw new IllegalArgumentException("burst must be at least 1 frame when rate is set");
            }
            if (rate == 0) {
                burst = 0;
            }
        }

        /** Whether frames are limited. */
        public boolean limited() {
            return rate > 0;
        }
    }

    /** Validates every field. */
    public PortSecurity {
        if (pin == null) {
            pin = Pin.OFF;
        }
        if (pin == Pin.FIXED && (mac < 0 || mac > 0xFFFF_FFFF_FFFFL || Mac.isGroup(mac))) {
            throw new IllegalArgumentException("pinMac " + (mac < 0 ? "missing" : Mac.format(mac)) + ": want a unicast MAC");
        }
        if (pin != Pin.FIXED) {
            mac = -1;
        }
        if (maxMacs < 0 || maxMacs > MAX_MACS_LIMIT) {
            throw new IllegalArgumentException("maxMacs " + maxMacs + " out of range 1.." + MAX_MACS_LIMIT + " (0: the default)");
        }
        broadcast = broadcast == null ? Limit.NONE : broadcast;
        multicast = multicast == null ? Limit.NONE : multicast;
        unknownUnicast = unknownUnicast == null ? Limit.NONE : unknownUnicast;
    }

    /** Parses {@code pinMac}: null or {@code off}, {@code first}, or a unicast MAC; into a copy of this. */
    public PortSecurity withPin(final String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("off")) {
            return new PortSecurity(Pin.OFF, -1, maxMacs, broadcast, multicast, unknownUnicast);
        }
        final String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("first")) {
            return new PortSecurity(Pin.FIRST, -1, maxMacs, broadcast, multicast, unknownUnicast);
        }
        return new PortSecurity(Pin.FIXED, Mac.parse(t), maxMacs, broadcast, multicast, unknownUnicast);
    }

    /** {@code pinMac} as written: {@code off}, {@code first} or the MAC. */
    public String pinText() {
        return switch (pin) {
            case OFF -> "off";
            case FIRST -> "first";
            case FIXED -> Mac.format(mac);
        };
    }
}
