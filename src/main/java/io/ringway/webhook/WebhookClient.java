package io.ringway.webhook;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Sends webhook requests: Jetty's asynchronous HTTP client (the server's own project), HTTP/1.1, connections pooled per
 * receiving host, redirects not followed (a new location would bypass the target checks), one timeout for the whole
 * exchange. Unless private targets are allowed, the addresses a host name resolves to are checked in the resolver the
 * client connects with, so the address checked is the address connected to.
 */
final class WebhookClient implements AutoCloseable {
    /** How a request ended: {@code ANSWERED} with an HTTP status, or {@code error} says why there was none. */
    enum Kind { ANSWERED, UNREACHED, REFUSED, RELEASED }

    record Sent(Kind kind, int status, String error, long millis) {}

    /** A name that resolves into a refused range; reported as such, not as a connection error. */
    static final class PrivateTarget extends UnknownHostException {
        PrivateTarget(String host) { super(host); }
    }

    private final HttpClient client;
    private final long timeoutMillis;
    private volatile boolean closing;

    WebhookClient(Duration timeout, int connectionsPerHost, int queuedPerHost, boolean allowPrivateTargets) {
        this.timeoutMillis = timeout.toMillis();
        // Nothing a response calls back blocks (it queues the result and starts the lane's next request), so the
        // selector thread runs it at once instead of handing each response to a pool thread: 45 → 20 µs of CPU per
        // request in a loop against the bench receiver.
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(1);
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        this.client = new HttpClient(transport);
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("webhook-client");
        threads.setDaemon(true);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("webhook-client-scheduler", true);
        client.setExecutor(threads);
        client.setScheduler(scheduler);
        client.setConnectTimeout(timeoutMillis);
        client.setIdleTimeout(30_000);
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(connectionsPerHost);
        client.setMaxRequestsQueuedPerDestination(queuedPerHost);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Ringway-Webhooks"));
        SocketAddressResolver dns = new SocketAddressResolver.Async(threads, scheduler, timeoutMillis);
        client.setSocketAddressResolver(allowPrivateTargets ? dns : publicOnly(dns));
    }

    private static SocketAddressResolver publicOnly(SocketAddressResolver dns) {
        return (host, port, context, promise) -> dns.resolve(host, port, context, Promise.from((List<InetSocketAddress> addresses) -> {
            for (InetSocketAddress a : addresses) {
                if (a.getAddress() == null || TargetUrls.isPrivate(a.getAddress())) {
                    promise.failed(new PrivateTarget(host));
                    return;
                }
            }
            promise.succeeded(addresses);
        }, promise::failed));
    }

    void start() {
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the webhook HTTP client: " + e.getMessage(), e);
        }
    }

    /** Sends {@code r}; {@code done} is called exactly once, on a client thread or this one. */
    void send(DeliveryRequest r, Consumer<Sent> done) {
        if (closing) {
            done.accept(new Sent(Kind.RELEASED, 0, null, 0));
            return;
        }
        long started = System.nanoTime();
        Request request;
        try {
            request = client.newRequest(r.uri()).method(r.method()).timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                    .headers(h -> r.headers().forEach(h::put));
            if (!r.method().equals("GET")) request.body(new BytesRequestContent(r.contentType(), r.body()));
        } catch (RuntimeException e) {
            // A header or URL the client refuses: sending again would not help.
            done.accept(new Sent(Kind.REFUSED, 0, "request cannot be sent: " + e.getMessage(), 0));
            return;
        }
        request.send(result -> done.accept(outcome(result, (System.nanoTime() - started) / 1_000_000)));
    }

    private Sent outcome(Result result, long millis) {
        if (closing) return new Sent(Kind.RELEASED, 0, null, millis);
        if (result.isSucceeded()) return new Sent(Kind.ANSWERED, result.getResponse().getStatus(), null, millis);
        Throwable failure = result.getFailure();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) return new Sent(Kind.UNREACHED, 0, "no answer within " + timeoutMillis + " ms", millis);
            if (t instanceof PrivateTarget) return new Sent(Kind.UNREACHED, 0, "target resolves to a private or local address", millis);
        }
        return new Sent(Kind.UNREACHED, 0, "connection failed: " + describe(failure), millis);
    }

    private static String describe(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) t = t.getCause();
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** Requests still in flight end as RELEASED (given back unsent), not as failed attempts. */
    @Override
    public void close() {
        closing = true;
        try {
            client.stop();
        } catch (Exception e) {
            // the process is stopping; the leases of anything unrecorded run out
        }
    }
}
