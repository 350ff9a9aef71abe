package org.vnet.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

/** The two shapes of a response line: {@code {"ok":true,"id":...,<reply's fields>}} or an error. */
public final class Response {
    private Response() {
    }

    /**
     * A success: the reply record's fields follow {@code ok} and {@code id}.
     *
     * @param ok    always true
     * @param id    the request's id, omitted when null
     * @param reply the command's reply record (see {@link Replies})
     */
    @JsonPropertyOrder({"ok", "id"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ok(boolean ok, JsonNode id, @JsonUnwrapped Object reply) {
        /** A success answering the request with {@code id}. */
        public Ok(final JsonNode id, final Object reply) {
            this(true, id, reply);
        }
    }

    /**
     * A failure.
     *
     * @param ok    always false
     * @param id    the request's id, omitted when null
     * @param code  what kind of failure
     * @param error a sentence for the operator
     */
    @JsonPropertyOrder({"ok", "id", "code", "error"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(boolean ok, JsonNode id, ErrorCode code, String error) {
        /** A failure answering the request with {@code id} (null if unknown). */
        public Error(final JsonNode id, final ErrorCode code, final String error) {
            this(false, id, code, error);
        }
    }
}
