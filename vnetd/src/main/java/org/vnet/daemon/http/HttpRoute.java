package org.vnet.daemon.http;

import io.netty.handler.codec.http.FullHttpRequest;

/** Answers one path of the HTTP server, on the server's thread (it may wait, never on the data plane). */
@FunctionalInterface
public interface HttpRoute {
    /**
     * The reply to {@code request} (a GET or HEAD that passed the token check).
     *
     * @throws Exception answered as 500 and logged
     */
    HttpReply answer(FullHttpRequest request) throws Exception;
}
