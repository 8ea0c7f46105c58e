package io.ringway.media;

import io.ringway.http.PrivateAddresses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * Downloads the audio of a {@code <Play>} URL and decodes it (WAV or MP3, told apart by content).
 *
 * <p>A customer names the URL, so it must not reach into Ringway's own network: unless private addresses are allowed,
 * every address a host resolves to is checked with {@link PrivateAddresses} inside the resolver the client connects
 * with, so the address checked is the address connected to (a second DNS answer cannot slip past), redirects included.
 * The body is counted while it arrives and the download aborted past {@code maxBytes} (a Content-Length is only an
 * early refusal); {@code timeout} bounds the whole exchange. Jetty's client, already used for webhooks.
 */
public final class AudioFetcher implements AutoCloseable {
    private static final int MAX_REDIRECTS = 3;

    private final HttpClient client;
    private final long maxBytes;
    private final long timeoutMillis;

    public AudioFetcher(boolean allowPrivateAddresses, long maxBytes, Duration timeout) {
        this.maxBytes = maxBytes;
        this.timeoutMillis = timeout.toMillis();
        this.client = new HttpClient();
        QueuedThreadPool threads = new QueuedThreadPool(8, 1);
        threads.setName("audio-fetcher");
        threads.setDaemon(true);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("audio-fetcher-scheduler", true);
        client.setExecutor(threads);
        client.setScheduler(scheduler);
        client.setConnectTimeout(timeoutMillis);
        client.setIdleTimeout(timeoutMillis);
        client.setFollowRedirects(true);
        client.setMaxRedirects(MAX_REDIRECTS);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Ringway-Media"));
        SocketAddressResolver dns = new SocketAddressResolver.Async(threads, scheduler, timeoutMillis);
        client.setSocketAddressResolver(allowPrivateAddresses ? dns : publicOnly(dns));
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the audio HTTP client: " + e.getMessage(), e);
        }
    }

    /** The audio at {@code url} as a clip; IOException for anything the network or server did, with the reason. */
    public AudioClip fetch(URI url) throws IOException, AudioFormatException {
        return AudioClip.decode(download(url));
    }

    byte[] download(URI url) throws IOException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IOException("only absolute http and https URLs can be played: " + url);
        }
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        Request request;
        try {
            request = client.newRequest(url).timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                    .headers(h -> h.put(HttpHeader.ACCEPT, "audio/*, */*;q=0.5"));
        } catch (RuntimeException e) {
            throw new IOException("cannot request " + url + ": " + e.getMessage(), e);
        }
        request.send(new Body(done));
        try {
            return done.get(timeoutMillis + 5_000, TimeUnit.MILLISECONDS); // the request's own timeout ends it first
        } catch (ExecutionException e) {
            throw failure(url, e.getCause());
        } catch (TimeoutException e) {
            request.abort(e);
            throw new IOException("no complete answer from " + url + " within " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        }
    }

    private IOException failure(URI url, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Refused r) return new IOException(r.getMessage() + " (" + url + ")", failure);
            if (t instanceof TimeoutException) return new IOException("no complete answer from " + url + " within " + timeoutMillis + " ms", failure);
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return new IOException("cannot fetch " + url + ": " + message, failure);
    }

    /** Why a download was stopped on purpose; the message is the one the caller gets. */
    private static final class Refused extends IOException {
        Refused(String message) { super(message); }
    }


    /** Collects the body up to {@code maxBytes}, stops a non-2xx answer at its headers. */
    private final class Body implements Response.Listener {
        private final CompletableFuture<byte[]> done;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Body(CompletableFuture<byte[]> done) { this.done = done; }

        @Override
        public void onHeaders(Response response) {
            int status = response.getStatus();
            if (status < 200 || status > 299) {
                response.abort(new Refused("HTTP " + status + " " + response.getReason()));
                return;
            }
            long declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
            if (declared > maxBytes) response.abort(new Refused("audio larger than " + maxBytes + " bytes (Content-Length " + declared + ")"));
        }

        @Override
        public void onContent(Response response, ByteBuffer content) {
            if (bytes.size() + (long) content.remaining() > maxBytes) {
                response.abort(new Refused("audio larger than " + maxBytes + " bytes"));
                return;
            }
            byte[] chunk = new byte[content.remaining()];
            content.get(chunk);
            bytes.writeBytes(chunk);
        }

        @Override
        public void onComplete(Result result) {
            if (result.isFailed()) done.completeExceptionally(result.getFailure());
            else done.complete(bytes.toByteArray());
        }
    }

    private static SocketAddressResolver publicOnly(SocketAddressResolver dns) {
        return (host, port, context, promise) -> dns.resolve(host, port, context, Promise.from((List<InetSocketAddress> addresses) -> {
            for (InetSocketAddress a : addresses) {
                if (a.getAddress() == null || PrivateAddresses.isPrivate(a.getAddress())) {
                    promise.failed(new Refused("refused: " + host + " resolves to a private or local address (" + a.getAddress() + ")"));
                    return;
                }
            }
            promise.succeeded(addresses);
        }, promise::failed));
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // stopping: nothing left to release that the process exit does not
        }
    }
}
