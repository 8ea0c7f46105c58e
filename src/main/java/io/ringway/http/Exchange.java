package io.ringway.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** One HTTP request and its answer, as handlers see them: raw where the API needs raw (query, body, target). */
public final class Exchange {
    private static final byte[] NO_BODY = new byte[0];
    private static final long DRAIN_FACTOR = 16;

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final int maxBodyBytes;
    private final boolean trustForwarded;
    private Map<String, String> pathParams = Map.of();
    private byte[] body;
    private boolean responded;

    Exchange(Request request, Response response, Callback callback, int maxBodyBytes, boolean trustForwarded) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.maxBodyBytes = maxBodyBytes;
        this.trustForwarded = trustForwarded;
    }

    void pathParams(Map<String, String> params) { this.pathParams = params; }

    public String method() { return request.getMethod(); }

    /** The path as sent (still percent-encoded). */
    public String path() { return request.getHttpURI().getPath(); }

    /** The query string as sent (percent-encoded), or {@code null}. */
    public String rawQuery() { return request.getHttpURI().getQuery(); }

    public String pathParam(String name) { return pathParams.get(name); }

    public String header(String name) { return request.getHeaders().get(name); }

    /** Every value of a header, for headers that may repeat. */
    public List<String> headers(String name) {
        List<String> out = new ArrayList<>();
        for (HttpField f : request.getHeaders()) if (f.is(name)) out.add(f.getValue());
        return out;
    }

    public String contentType() { return request.getHeaders().get(HttpHeader.CONTENT_TYPE); }

    public String remoteAddress() { return Request.getRemoteAddr(request); }

    /**
     * The URL the client called: scheme, Host header and the request target exactly as received. Request signatures
     * are computed over it, so nothing may be decoded or normalized.
     */
    public String requestUrl() {
        String scheme = request.getHttpURI().getScheme();
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (trustForwarded) {
            String proto = firstValue(request.getHeaders().get("X-Forwarded-Proto"));
            String fwdHost = firstValue(request.getHeaders().get("X-Forwarded-Host"));
            if (proto != null) scheme = proto;
            if (fwdHost != null) host = fwdHost;
        }
        if (scheme == null) scheme = request.isSecure() ? "https" : "http";
        if (host == null) host = Request.getServerName(request) + ":" + Request.getServerPort(request);
        String query = rawQuery();
        return scheme + "://" + host + path() + (query == null ? "" : "?" + query);
    }

    private static String firstValue(String header) {
        if (header == null) return null;
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }

    /** The request body; a body larger than the configured limit is refused with 413. */
    public byte[] body() {
        if (body != null) return body;
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            // A client still writing its body would see a broken pipe instead of the 413 if the connection closed
            // now; a moderately oversized body is read and thrown away first. Beyond that, refuse at once.
            if (declared <= DRAIN_FACTOR * maxBodyBytes) {
                try {
                    Content.Source.consumeAll(request);
                } catch (java.io.IOException ignored) {
                    // the client went away; the 413 below is answered if it can be
                }
            }
            throw new HttpError(413, "request body larger than " + maxBodyBytes + " bytes");
        }
        if (declared == 0) return body = NO_BODY;
        try {
            body = Content.Source.asByteArrayAsync(request, maxBodyBytes).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(400, "interrupted while reading the request body");
        } catch (ExecutionException e) {
            throw new HttpError(e.getCause() instanceof IllegalStateException ? 413 : 400,
                    "cannot read the request body: " + e.getCause().getMessage());
        }
        return body;
    }

    public boolean responded() { return responded; }

    public void respond(int status, String contentType, byte[] content) {
        if (responded) throw new IllegalStateException("already answered");
        responded = true;
        response.setStatus(status);
        HttpFields.Mutable h = response.getHeaders();
        if (contentType != null) h.put(HttpHeader.CONTENT_TYPE, contentType);
        h.put(HttpHeader.CONTENT_LENGTH, content.length);
        response.write(true, ByteBuffer.wrap(content), callback);
    }

    public void text(int status, String text) {
        respond(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public void json(int status, byte[] json) {
        respond(status, "application/json; charset=utf-8", json);
    }

    public void header(String name, String value) { response.getHeaders().put(name, value); }
}
