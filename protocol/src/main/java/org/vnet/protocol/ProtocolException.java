package org.vnet.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** A request the protocol does not accept: the error code to answer, the request's id if read, and the reason. */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient JsonNode id;

    /** A failure of kind {@code code}; the message is shown to the operator as is. */
    public ProtocolException(final ErrorCode code, final JsonNode id, final String message) {
        super(message, null, false, false);
        this.code = code;
        this.id = id;
    }

    /** The error code to answer with. */
    public ErrorCode code() {
        return code;
    }

    /** The request's id, or null when it had none or it could not be read. */
    public JsonNode id() {
        return id;
    }
}
