package io.ringway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A real HTTP server on loopback that webhooks are sent to (the JDK's {@code HttpServer}, not Ringway code): it keeps
 * every request as received, answers what the test says, and can hold requests until the test lets them go.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** A request as it arrived; {@code url} is rebuilt from the Host header and the request line, as a receiver would. */
    public record Received(String method, String url, String path, String query, Map<String, List<String>> headers, byte[] body,
                           int answeredWith) {
        public String header(String name) {
            for (var e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue().get(0);
            return null;
        }

        public String bodyText() { return new String(body, StandardCharsets.UTF_8); }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Function<Received, Integer> answer = r -> 200;
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private final AtomicInteger holding = new AtomicInteger();

    private WebhookReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static WebhookReceiver start() { return start(0); }

    /** On a given port (to come back where an earlier receiver was). */
    public static WebhookReceiver start(int port) {
        try {
            return new WebhookReceiver(port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() { return server.getAddress().getPort(); }

    public String url(String pathAndQuery) { return "http://127.0.0.1:" + port() + pathAndQuery; }

    /** The status to answer each request with (the request is passed without {@code answeredWith}). */
    public void answer(Function<Received, Integer> answer) { this.answer = answer; }

    /** Requests are held (not answered) until {@link #release}; {@code holding()} counts the ones waiting. */
    public void hold() { hold = new CountDownLatch(1); }

    public void release() { hold.countDown(); }

    public int holding() { return holding.get(); }

    /** The most requests that were in this receiver at the same time. */
    public int maxInFlight() { return maxInFlight.get(); }

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (ex; InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String raw = ex.getRequestURI().toString();
            Received r = new Received(ex.getRequestMethod(), "http://" + ex.getRequestHeaders().getFirst("Host") + raw,
                    ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(), Map.copyOf(ex.getRequestHeaders()), body, 0);
            CountDownLatch gate = hold;
            holding.incrementAndGet();
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) return;
            } catch (InterruptedException e) {
                return;
            } finally {
                holding.decrementAndGet();
            }
            int status = answer.apply(r);
            synchronized (received) {
                received.add(new Received(r.method(), r.url(), r.path(), r.query(), r.headers(), r.body(), status));
            }
            ex.sendResponseHeaders(status, -1);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Every request answered so far, in the order they were answered. */
    public List<Received> received() {
        synchronized (received) { return List.copyOf(received); }
    }

    public List<Received> received(Predicate<Received> which) { return received().stream().filter(which).toList(); }

    /** Waits until {@code n} answered requests match (real time: the other side works at its own pace). */
    public List<Received> await(int n, Predicate<Received> which, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<Received> got = received(which);
            if (got.size() >= n) return got;
            if (System.nanoTime() > deadline) throw new AssertionError("receiver got " + got.size() + " of " + n + " requests in " + within);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    public List<Received> await(int n, Duration within) { return await(n, r -> true, within); }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
