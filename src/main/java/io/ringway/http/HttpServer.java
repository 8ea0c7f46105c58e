package io.ringway.http;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;

/**
 * The HTTP listener: Jetty 12 core (no servlets) with handlers on virtual threads. Jetty rather than Helidon 4
 * because Helidon answers HTTP/1.0 with 505, and HTTP/1.0 is what nginx's default proxy_pass, ApacheBench and many
 * old integration scripts speak (see docs/decisions.md).
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    static final int REQUEST_HEADER_BYTES = 64 * 1024;

    private final Server server;
    private final ServerConnector connector;

    private HttpServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    public static HttpServer start(String host, int port, int maxBodyBytes, boolean trustForwarded, Router router) {
        QueuedThreadPool pool = new QueuedThreadPool(200, 8);
        pool.setName("http");
        pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 0).factory()));
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Clients build URLs by string concatenation ("/api/" + endpoint): tolerate "//" and other legacy forms.
        http.setUriCompliance(UriCompliance.LEGACY);
        // sms77 clients send everything in the query string, a 1520-character Cyrillic text included: up to ~14 KB
        // once percent-encoded, past Jetty's 8 KB default.
        http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(60_000);
        server.addConnector(connector);
        server.setErrorHandler(new PlainErrors());
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Exchange ex = new Exchange(request, response, callback, maxBodyBytes, trustForwarded);
                dispatch(router, ex);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            try { server.stop(); } catch (Exception ignored) { /* failed start */ }
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new HttpServer(server, connector);
    }

    /** Runs the route; whatever escapes becomes a clear 4xx, or a 500 for Ringway's own bugs (logged, no stack trace sent). */
    private static void dispatch(Router router, Exchange ex) {
        try {
            router.route(ex);
        } catch (HttpError e) {
            if (!ex.responded()) ex.text(e.status(), e.getMessage() + "\n");
        } catch (Throwable t) {
            log.error("unhandled error on {} {}", ex.method(), ex.path(), t);
            if (!ex.responded()) ex.text(500, "internal error\n");
        }
    }

    public int port() { return connector.getLocalPort(); }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("stopping the HTTP server: {}", e.getMessage());
        }
    }
}
