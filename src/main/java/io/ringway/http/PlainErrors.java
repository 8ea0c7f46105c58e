package io.ringway.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Answers the requests Jetty refuses before any route sees them (URI or headers too long, malformed HTTP) the way
 * Ringway answers everything else: a short plain-text reason. Jetty closes such connections afterwards, so the reply
 * says so; without {@code Connection: close} a keep-alive client would send its next request into a dead socket.
 */
final class PlainErrors extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String reason = status == HttpStatus.URI_TOO_LONG_414 || status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431
                ? "request line or headers larger than " + HttpServer.REQUEST_HEADER_BYTES / 1024 + " KB; send long parameters in a POST body"
                : HttpStatus.getMessage(status);
        byte[] body = (status + " " + reason + "\n").getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
