package org.vnet.daemon.state;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkKey;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.PortSecurity;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.model.Transport;

/**
 * The binary form of one {@link ChangeJournal} record: a sequence number and a {@link StateDelta}.
 * Little-endian; a string is an int byte count and UTF-8 bytes, a count of -1 being null.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                 magic "VNJ" + version 1 or 2                  |  0
 * +---------------------------------------------------------------+
 * |                 length of the record, CRC included            |  4
 * +---------------------------------------------------------------+
 * |                      sequence number (long)                   |  8
 * +---------------------------------------------------------------+
 * |                          next rule id                         | 16
 * +---------------------------------------------------------------+
 * | removed rules:      count, then an int id each                | 20
 * | removed links:      count, then a string name each            |
 * | removed interfaces: count, then a string name each            |
 * | added interfaces:   count, then name, netns (or null), int mtu |
 * |                     (version 2: then a byte pin 0 off, 1 first,|
 * |                     2 fixed; long pinned MAC or -1; int       |
 * |                     maxMacs; long rate and long burst of the   |
 * |                     broadcast, multicast, unknown-unicast     |
 * |                     storm-control limits)                     |
 * | added links:        count, then name, transport label,        |
 * |                     peer "IP:port", byte flags (bit 0 accept, |
 * |                     bit 1 adapted, bit 2 sealed: the 32-byte  |
 * |                     pre-shared key follows)                   |
 * | added rules:        count, then int id, src, dst (a byte kind |
 * |                     0 any, 1 exact, 2 not, and a long MAC),   |
 * |                     from, to (a byte kind 0 any, 1 interface, |
 * |                     2 link, and a string name or null; bit 6  |
 * |                     of to's kind byte: the rule is adapted)   |
 * +---------------------------------------------------------------+
 * |            CRC-32C of every byte before it                    | length - 4
 * +---------------------------------------------------------------+
 * </pre>
 * Version 1 is written when no added interface has port security, so older records and older
 * readers keep working; version 2 otherwise. Both are read.
 * The CRC turns a record whose bytes did not all reach the file (a power loss) into a refusal
 * instead of a wrong change. Not thread-safe: one codec per writer or reader.
 */
final class DeltaCodec {
    /** "VNJ" and format version 1. */
    static final int MAGIC = 0x564E4A01;
    /** "VNJ" and format version 2: interfaces carry their port security. */
    static final int MAGIC_V2 = 0x564E4A02;
    static final int MAGIC_OFFSET = 0;
    static final int LENGTH_OFFSET = 4;
    static final int SEQ_OFFSET = 8;
    static final int NEXT_RULE_ID_OFFSET = 16;
    static final int BODY_OFFSET = 20;
    static final int CRC_LENGTH = 4;
    /** The shortest record: an empty delta. */
    static final int MIN_LENGTH = BODY_OFFSET + 6 * Integer.BYTES + CRC_LENGTH;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final byte MAC_ANY = 0;
    private static final byte MAC_EXACT = 1;
    private static final byte MAC_NOT = 2;
    private static final byte PORT_ANY = 0;
    private static final byte PORT_INTERFACE = 1;
    private static final byte PORT_LINK = 2;
    private static final int LINK_ACCEPT = 1;
    private static final int LINK_ADAPTED = 2;
    private static final int LINK_KEY = 4;
    /** Set in the kind byte of a rule's {@code to}: the rule was made by adaptation. */
    private static final int RULE_ADAPTED = 0x40;

    /** Bytes of an interface's port security in version 2. */
    private static final int SECURITY_LENGTH = 1 + Long.BYTES + Integer.BYTES + 6 * Long.BYTES;

    private final CRC32C crc = new CRC32C();
    /** The flags of the kind byte of the port {@link #getPort} read last. */
    private int portFlags;
    private int position;

    /**
     * Writes record {@code seq} of {@code delta} at offset 0 of {@code buffer}, which must be backed
     * by a byte array and expandable or large enough.
     *
     * @return the record's length
     */
    int encode(final MutableDirectBuffer buffer, final long seq, final StateDelta delta) {
        boolean secured = false;
        for (final InterfaceSpec i : delta.addedInterfaces()) {
            secured |= !i.security().equals(PortSecurity.NONE);
        }
        buffer.putInt(MAGIC_OFFSET, secured ? MAGIC_V2 : MAGIC, ORDER);
        buffer.putLong(SEQ_OFFSET, seq, ORDER);
        buffer.putInt(NEXT_RULE_ID_OFFSET, delta.nextRuleId(), ORDER);
        position = BODY_OFFSET;
        putInt(buffer, delta.removedRules().size());
        for (final int id : delta.removedRules()) {
            putInt(buffer, id);
        }
        putStrings(buffer, delta.removedLinks());
        putStrings(buffer, delta.removedInterfaces());
        putInt(buffer, delta.addedInterfaces().size());
        for (final InterfaceSpec i : delta.addedInterfaces()) {
            putString(buffer, i.name());
            putString(buffer, i.netns());
            putInt(buffer, i.mtu());
            if (secured) {
                putSecurity(buffer, i.security());
            }
        }
        putInt(buffer, delta.addedLinks().size());
        for (final LinkSpec l : delta.addedLinks()) {
            putString(buffer, l.name());
            putString(buffer, l.transport().label());
            putString(buffer, LinkSpec.formatAddress(l.peer()));
            buffer.putByte(position++, (byte) ((l.accept() ? LINK_ACCEPT : 0) | (l.adapted() ? LINK_ADAPTED : 0)
                | (l.sealed() ? LINK_KEY : 0)));
            if (l.sealed()) {
                final byte[] key = l.key().bytes();
                buffer.putBytes(position, key);
                position += key.length;
            }
        }
        putInt(buffer, delta.addedRules().size());
        for (final RuleSpec r : delta.addedRules()) {
            putInt(buffer, r.id());
            putMac(buffer, r.src());
            putMac(buffer, r.dst());
            putPort(buffer, r.from(), 0);
            putPort(buffer, r.to(), r.adapted() ? RULE_ADAPTED : 0);
        }
        final int length = position + CRC_LENGTH;
        buffer.putInt(LENGTH_OFFSET, length, ORDER);
        buffer.putInt(position, crcOf(buffer, position), ORDER);
        return length;
    }

    /**
     * The sequence number of the record of {@code length} bytes at offset 0 of {@code buffer}.
     *
     * @throws IllegalArgumentException when the record is not whole (see {@link #check})
     */
    long seq(final DirectBuffer buffer, final int length) {
        check(buffer, length);
        return buffer.getLong(SEQ_OFFSET, ORDER);
    }

    /**
     * Reads the delta of the record of {@code length} bytes at offset 0 of {@code buffer}.
     *
     * @throws IllegalArgumentException when the record is not whole, or not a delta the model accepts
     */
    StateDelta decode(final DirectBuffer buffer, final int length) {
        check(buffer, length);
        final int limit = length - CRC_LENGTH;
        position = BODY_OFFSET;
        final List<Integer> removedRules = new ArrayList<>();
        for (int n = count(buffer, limit, Integer.BYTES); n > 0; n--) {
            removedRules.add(getInt(buffer, limit));
        }
        final List<String> removedLinks = getStrings(buffer, limit);
        final List<String> removedInterfaces = getStrings(buffer, limit);
        final List<InterfaceSpec> addedInterfaces = new ArrayList<>();
        final boolean secured = buffer.getInt(MAGIC_OFFSET, ORDER) == MAGIC_V2;
        for (int n = count(buffer, limit, secured ? 12 + SECURITY_LENGTH : 12); n > 0; n--) {
            final String name = getString(buffer, limit);
            final String netns = getString(buffer, limit);
            final int mtu = getInt(buffer, limit);
            addedInterfaces.add(new InterfaceSpec(name, netns, mtu, secured ? getSecurity(buffer, limit) : PortSecurity.NONE));
        }
        final List<LinkSpec> addedLinks = new ArrayList<>();
        for (int n = count(buffer, limit, 13); n > 0; n--) {
            final String name = getString(buffer, limit);
            final Transport transport = Transport.parse(getString(buffer, limit));
            final String peer = getString(buffer, limit);
            need(limit, 1);
            final int flags = buffer.getByte(position++);
            if ((flags & ~(LINK_ACCEPT | LINK_ADAPTED | LINK_KEY)) != 0) {
                throw new IllegalArgumentException("bad link flags " + flags);
            }
            LinkKey key = null;
            if ((flags & LINK_KEY) != 0) {
                need(limit, LinkKey.LENGTH);
                final byte[] k = new byte[LinkKey.LENGTH];
                buffer.getBytes(position, k);
                position += k.length;
                key = LinkKey.of(k);
            }
            addedLinks.add(new LinkSpec(name, transport, LinkSpec.parseAddress(peer), (flags & LINK_ACCEPT) != 0,
                (flags & LINK_ADAPTED) != 0, key));
        }
        final List<RuleSpec> addedRules = new ArrayList<>();
        for (int n = count(buffer, limit, 24); n > 0; n--) {
            final int id = getInt(buffer, limit);
            final MacMatch src = getMac(buffer, limit);
            final MacMatch dst = getMac(buffer, limit);
            final PortRef from = getPort(buffer, limit);
            final PortRef to = getPort(buffer, limit);
            addedRules.add(new RuleSpec(id, src, dst, from, to, portFlags == RULE_ADAPTED));
        }
        if (position != limit) {
            throw new IllegalArgumentException((limit - position) + " bytes after the delta");
        }
        return new StateDelta(removedRules, removedLinks, removedInterfaces, addedInterfaces, addedLinks, addedRules,
            buffer.getInt(NEXT_RULE_ID_OFFSET, ORDER));
    }

    /**
     * Checks the magic, the length and the CRC.
     *
     * @throws IllegalArgumentException saying which does not hold
     */
    void check(final DirectBuffer buffer, final int length) {
        if (length < MIN_LENGTH) {
            throw new IllegalArgumentException("record of " + length + " bytes is shorter than " + MIN_LENGTH);
        }
        final int magic = buffer.getInt(MAGIC_OFFSET, ORDER);
        if (magic != MAGIC && magic != MAGIC_V2) {
            throw new IllegalArgumentException("bad magic 0x" + Integer.toHexString(magic));
        }
        final int written = buffer.getInt(LENGTH_OFFSET, ORDER);
        if (written != length) {
            throw new IllegalArgumentException("record of " + length + " bytes says it has " + written);
        }
        final int want = buffer.getInt(length - CRC_LENGTH, ORDER);
        if (crcOf(buffer, length - CRC_LENGTH) != want) {
            throw new IllegalArgumentException("CRC mismatch");
        }
    }

    private int crcOf(final DirectBuffer buffer, final int length) {
        crc.reset();
        crc.update(buffer.byteArray(), 0, length);
        return (int) crc.getValue();
    }

    private void putInt(final MutableDirectBuffer buffer, final int value) {
        buffer.putInt(position, value, ORDER);
        position += Integer.BYTES;
    }

    private void putString(final MutableDirectBuffer buffer, final String value) {
        if (value == null) {
            putInt(buffer, -1);
            return;
        }
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        putInt(buffer, bytes.length);
        buffer.putBytes(position, bytes);
        position += bytes.length;
    }

    private void putStrings(final MutableDirectBuffer buffer, final List<String> values) {
        putInt(buffer, values.size());
        for (final String v : values) {
            putString(buffer, v);
        }
    }

    private void putMac(final MutableDirectBuffer buffer, final MacMatch m) {
        buffer.putByte(position++, switch (m.kind()) {
            case ANY -> MAC_ANY;
            case EXACT -> MAC_EXACT;
            case NOT -> MAC_NOT;
        });
        buffer.putLong(position, m.address(), ORDER);
        position += Long.BYTES;
    }

    private void putPort(final MutableDirectBuffer buffer, final PortRef p, final int flags) {
        buffer.putByte(position++, (byte) (flags | switch (p.kind()) {
            case ANY -> PORT_ANY;
            case INTERFACE -> PORT_INTERFACE;
            case LINK -> PORT_LINK;
        }));
        putString(buffer, p.name());
    }

    private void putSecurity(final MutableDirectBuffer buffer, final PortSecurity s) {
        buffer.putByte(position++, (byte) s.pin().ordinal());
        putLong(buffer, s.mac());
        putInt(buffer, s.maxMacs());
        for (final PortSecurity.Limit l : new PortSecurity.Limit[] {s.broadcast(), s.multicast(), s.unknownUnicast()}) {
            putLong(buffer, l.rate());
            putLong(buffer, l.burst());
        }
    }

    private PortSecurity getSecurity(final DirectBuffer buffer, final int limit) {
        need(limit, 1);
        final int pin = buffer.getByte(position++);
        if (pin < 0 || pin >= PortSecurity.Pin.values().length) {
            throw new IllegalArgumentException("bad pin mode " + pin);
        }
        final long mac = getLong(buffer, limit);
        final int maxMacs = getInt(buffer, limit);
        final PortSecurity.Limit[] limits = new PortSecurity.Limit[3];
        for (int k = 0; k < limits.length; k++) {
            limits[k] = new PortSecurity.Limit(getLong(buffer, limit), getLong(buffer, limit));
        }
        return new PortSecurity(PortSecurity.Pin.values()[pin], mac, maxMacs, limits[0], limits[1], limits[2]);
    }

    private void putLong(final MutableDirectBuffer buffer, final long value) {
        buffer.putLong(position, value, ORDER);
        position += Long.BYTES;
    }

    private long getLong(final DirectBuffer buffer, final int limit) {
        need(limit, Long.BYTES);
        final long v = buffer.getLong(position, ORDER);
        position += Long.BYTES;
        return v;
    }

    private void need(final int limit, final int bytes) {
        if (bytes > limit - position) {
            throw new IllegalArgumentException("record ends inside a field at " + position);
        }
    }

    private int getInt(final DirectBuffer buffer, final int limit) {
        need(limit, Integer.BYTES);
        final int v = buffer.getInt(position, ORDER);
        position += Integer.BYTES;
        return v;
    }

    /** A count of entries of at least {@code minEntry} bytes each, checked against what is left. */
    private int count(final DirectBuffer buffer, final int limit, final int minEntry) {
        final int n = getInt(buffer, limit);
        if (n < 0 || (long) n * minEntry > limit - position) {
            throw new IllegalArgumentException("bad count " + n + " at " + (position - Integer.BYTES));
        }
        return n;
    }

    private String getString(final DirectBuffer buffer, final int limit) {
        final int n = getInt(buffer, limit);
        if (n == -1) {
            return null;
        }
        if (n < 0) {
            throw new IllegalArgumentException("bad string length " + n);
        }
        need(limit, n);
        final String s = new String(buffer.byteArray(), position, n, StandardCharsets.UTF_8);
        position += n;
        return s;
    }

    private List<String> getStrings(final DirectBuffer buffer, final int limit) {
        final List<String> values = new ArrayList<>();
        for (int n = count(buffer, limit, Integer.BYTES); n > 0; n--) {
            final String v = getString(buffer, limit);
            if (v == null) {
                throw new IllegalArgumentException("null name");
            }
            values.add(v);
        }
        return values;
    }

    private MacMatch getMac(final DirectBuffer buffer, final int limit) {
        need(limit, 1 + Long.BYTES);
        final byte kind = buffer.getByte(position++);
        final long address = buffer.getLong(position, ORDER);
        position += Long.BYTES;
        return switch (kind) {
            case MAC_ANY -> MacMatch.ANY;
            case MAC_EXACT -> new MacMatch(MacMatch.Kind.EXACT, address);
            case MAC_NOT -> new MacMatch(MacMatch.Kind.NOT, address);
            default -> throw new IllegalArgumentException("bad MAC match kind " + kind);
        };
    }

    private PortRef getPort(final DirectBuffer buffer, final int limit) {
        need(limit, 1);
        final int flagged = buffer.getByte(position++);
        portFlags = flagged & RULE_ADAPTED;
        final int kind = flagged & ~RULE_ADAPTED;
        final String name = getString(buffer, limit);
        return switch (kind) {
            case PORT_ANY -> PortRef.ANY;
            case PORT_INTERFACE -> PortRef.parse("if:" + name);
            case PORT_LINK -> PortRef.parse("link:" + name);
            default -> throw new IllegalArgumentException("bad port kind " + kind);
        };
    }
}
