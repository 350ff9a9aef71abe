package org.vnet.daemon.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A route's answer: status, content type and body.
 *
 * @param status      HTTP status
 * @param contentType value of the Content-Type header
 * @param body        the bytes sent (not copied)
 */
public record HttpReply(HttpResponseStatus status, String contentType, byte[] body) {
    /** Plain text content type. */
    public static final String TEXT = "text/plain; charset=utf-8";

    /** A 200 reply. */
    public static HttpReply ok(final String contentType, final byte[] body) {
        return new HttpReply(HttpResponseStatus.OK, contentType, body);
    }

    /** A plain text reply. */
    public static HttpReply text(final HttpResponseStatus status, final String text) {
        return new HttpReply(status, TEXT, (text + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
