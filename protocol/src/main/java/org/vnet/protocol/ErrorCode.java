package org.vnet.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a request failed: the {@code code} field of an error response. */
public enum ErrorCode {
    /** Not protocol: malformed JSON, not an object, an unknown or mistyped field, a required field missing. */
    BAD_REQUEST("bad-request"),
    /** {@code cmd} names no command. */
    UNKNOWN_COMMAND("unknown-command"),
    /** Well-formed, but the daemon refused it (invalid value, conflict, failure to apply or persist). */
    REFUSED("refused"),
    /** An unexpected failure inside the daemon. */
    INTERNAL("internal"),
    /** The request line is longer than the limit; the connection is closed. */
    TOO_LONG("too-long"),
    /** Too many clients are connected; the new one is closed. */
    BUSY("busy"),
    /** A line left unfinished or a client idle too long; the connection is closed. */
    TIMEOUT("timeout");

    private final String label;

    ErrorCode(final String label) {
        this.label = label;
    }

    /** The code as it appears on the wire. */
    @JsonValue
    public String label() {
        return label;
    }
}
