package org.vnet.daemon.telemetry;

/** Daemon-wide counters with stable ids (their order), each named as shown by {@code vnetctl stats}. */
public enum SystemCounter {
    /** Datagrams or stream messages shorter than the header or with a wrong length field. */
    MALFORMED_MESSAGES("malformedMessages"),
    /** Messages whose magic is not "VN". */
    BAD_MAGIC("badMagic"),
    /** Messages of a header version this daemon does not speak. */
    BAD_VERSION("badVersion"),
    /** Messages of an unknown type. */
    BAD_TYPE("badType"),
    /** UDP datagrams from an address that is no configured link's peer. */
    UNKNOWN_PEER("unknownPeer"),
    /** TCP/TLS connections refused: unknown hello name, wrong peer address, no hello. */
    REFUSED_CONNECTIONS("refusedConnections"),
    /** TLS handshakes that failed (bad or missing certificate, protocol error). */
    TLS_HANDSHAKE_FAILURES("tlsHandshakeFailures"),
    /** Frames shorter than an Ethernet header. */
    RUNT_FRAMES("runtFrames"),
    /** Frames larger than the egress link can carry. */
    OVERSIZE_FRAMES("oversizeFrames"),
    /** Unicast frames whose learned port is the one they came from (filtered). */
    FILTERED_FRAMES("filteredFrames"),
    /** Frames flooded because no rule and no learned address covered them. */
    FLOODED_FRAMES("floodedFrames"),
    /** Frames sent by forwarding rules. */
    RULE_FRAMES("ruleFrames"),
    /** Frames that found no output (e.g. only the ingress port). */
    NO_OUTPUT_FRAMES("noOutputFrames"),
    /** Frames dropped because the egress link was not connected. */
    LINK_DOWN_DROPS("linkDownDrops"),
    /** Frames dropped because the egress link's write queue was full. */
    BACKPRESSURE_DROPS("backpressureDrops"),
    /** Offloaded frames (super-frames, partial checksums) a TAP without offloads could not take. */
    OFFLOAD_DROPS("offloadDrops"),
    /** Segments of super-frames cut in software for a TAP that takes no offloads. */
    SOFTWARE_SEGMENTS("softwareSegments"),
    /** TAP reads that failed. */
    TAP_READ_ERRORS("tapReadErrors"),
    /** TAP writes that failed. */
    TAP_WRITE_ERRORS("tapWriteErrors"),
    /** Control requests refused as malformed or invalid. */
    CONTROL_ERRORS("controlErrors"),
    /** MAC addresses learned (new or moved). */
    MACS_LEARNED("macsLearned"),
    /** Matrix summaries from peers that were malformed or found the agent's inbox full. */
    BAD_SUMMARIES("badSummaries"),
    /** Packet events written to the event ring for the inference agent. */
    EVENTS_RECORDED("eventsRecorded"),
    /** Packet events dropped because the event ring was full (the data plane never waits). */
    EVENTS_DROPPED("eventsDropped"),
    /** Times the packet-event journal stopped on an error (unwritable directory, full disk); forwarding goes on. */
    JOURNAL_ERRORS("journalErrors"),
    /** Packet events not journaled: the journal's ring was full or the journal had stopped. */
    JOURNAL_DROPS("journalDrops"),
    /** Unexpected exceptions caught on a duty cycle. */
    ERRORS("errors"),
    /** Datagrams the native UDP socket failed to send for a reason other than a full buffer. */
    UDP_SEND_ERRORS("udpSendErrors"),
    /** Failed reads of the native UDP socket, and datagrams cut short by its buffer. */
    UDP_READ_ERRORS("udpReadErrors"),
    /** TCP segments cut from super-frames and sent with UDP GSO. */
    GSO_SEGMENTS("gsoSegments"),
    /** TCP segments received and joined back into super-frames before the switch. */
    COALESCED_SEGMENTS("coalescedSegments"),
    /**
     * Datagrams on a {@code security: aead} link that failed authentication: a bad tag (wrong key,
     * altered bytes), plain or too short, an unknown key epoch.
     */
    AUTH_FAILURES("authFailures"),
    /** Sealed datagrams refused as replays: a counter already seen or too old, or a session older than the current one. */
    REPLAYS("replays"),
    /** Frames from a pinned interface with a source MAC other than its pinned one: dropped. */
    PIN_DROPS("pinDrops"),
    /** Frames from a link or another interface with a pinned interface's MAC as source: dropped. */
    SPOOF_DROPS("spoofDrops"),
    /** Learned MACs replaced for room: a port at its learning limit, or the table full (least recently seen first). */
    MAC_EVICTIONS("macEvictions"),
    /** Broadcast frames over their ingress port's storm-control rate: dropped. */
    STORM_BROADCAST_DROPS("stormBroadcastDrops"),
    /** Multicast frames over their ingress port's storm-control rate: dropped. */
    STORM_MULTICAST_DROPS("stormMulticastDrops"),
    /** Unknown-unicast frames (to be flooded) over their ingress port's storm-control rate: dropped. */
    STORM_UNKNOWN_UNICAST_DROPS("stormUnknownUnicastDrops"),
    /** TLS peers whose certificate does not name the link they claim (HELLO name, or the dialled link's name). */
    TLS_IDENTITY_MISMATCHES("tlsIdentityMismatches"),
    /** TCP/TLS connections refused because their link already has a live connection. */
    DUPLICATE_CONNECTIONS("duplicateConnections"),
    /** Accepted TCP/TLS connections closed at once: too many were waiting for a HELLO (per source or in all). */
    PRE_HELLO_OVERFLOWS("preHelloOverflows");

    private final String label;

    SystemCounter(final String label) {
        this.label = label;
    }

    /** Name as shown to operators. */
    public String label() {
        return label;
    }
}
