package org.vnet.daemon.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each request: 503 when over the connection bound, 401 without the right Bearer token,
 * 405 for anything but GET and HEAD, 404 for an unknown path, else the route's reply.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpHandler.class);
    private static final String BEARER = "Bearer ";

    private final Map<String, HttpRoute> routes;
    private final byte[] token;
    private final boolean admitted;

    /**
     * @param routes   path to route
     * @param token    the token every request must carry, or null
     * @param admitted false when the connection is over the bound: every request gets 503 and the connection closes
     */
    HttpHandler(final Map<String, HttpRoute> routes, final byte[] token, final boolean admitted) {
        this.routes = routes;
        this.token = token;
        this.admitted = admitted;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request) {
        final HttpReply reply = answer(request);
        final boolean head = HttpMethod.HEAD.equals(request.method());
        final FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), reply.status(),
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
            .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length)
            .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (reply.status() == HttpResponseStatus.UNAUTHORIZED) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"vnetd\"");
        }
        final boolean keepAlive = admitted && HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private HttpReply answer(final FullHttpRequest request) {
        if (!admitted) {
            return HttpReply.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many HTTP connections; try again later");
        }
        if (!request.decoderResult().isSuccess()) {
            return HttpReply.text(HttpResponseStatus.BAD_REQUEST, "malformed request");
        }
        if (token != null && !authorized(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            return HttpReply.text(HttpResponseStatus.UNAUTHORIZED, "missing or wrong Bearer token");
        }
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            return HttpReply.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET and HEAD");
        }
        final String path = new QueryStringDecoder(request.uri()).path();
        final HttpRoute route = routes.get(path);
        if (route == null) {
            return HttpReply.text(HttpResponseStatus.NOT_FOUND, "no such path: " + path);
        }
        try {
            return route.answer(request);
        } catch (final Exception e) {
            LOG.warn("HTTP {} failed: {}", path, e.toString());
            return HttpReply.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
    }

    private boolean authorized(final String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        final byte[] given = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        if (!(cause instanceof ReadTimeoutException)) {
            LOG.debug("HTTP connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
