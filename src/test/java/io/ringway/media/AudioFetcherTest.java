package io.ringway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on 127.0.0.1. */
class AudioFetcherTest {
    private static final long LIMIT = 100_000;
    private static HttpServer server;
    private static final AtomicInteger requests = new AtomicInteger();
    private static byte[] wav, mp3;

    @BeforeAll
    static void serve() throws IOException {
        wav = Wav.write(AudioClip.ofPcm(Signals.toShorts(Signals.sine(440, 8000, 2, 8000))));
        mp3 = Mp3Test.toneMp3();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        // content types and names that lie on purpose: the format is told by the bytes
        server.createContext("/greeting.bin", x -> reply(x, 200, "application/octet-stream", wav));
        server.createContext("/music.wav", x -> reply(x, 200, "audio/wav", mp3));
        server.createContext("/moved", x -> {
            x.getResponseHeaders().add("Location", "/greeting.bin");
            reply(x, 302, "text/plain", new byte[0]);
        });
        server.createContext("/missing", x -> reply(x, 404, "text/html", "<html>not found</html>".getBytes()));
        server.createContext("/page", x -> reply(x, 200, "text/html", "<html>hello</html>".getBytes()));
        server.createContext("/big-declared", x -> reply(x, 200, "audio/wav", new byte[(int) LIMIT + 1]));
        server.createContext("/big-chunked", x -> {
            requests.incrementAndGet();
            x.sendResponseHeaders(200, 0); // chunked: no Content-Length to refuse early
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < 1000; i++) out.write(new byte[10_000]); // 10 MB, unless the client hangs up
            } catch (IOException expected) {
                // the client stopped reading
            }
        });
        server.createContext("/slow-headers", x -> {
            sleep(5_000);
            reply(x, 200, "audio/wav", wav);
        });
        server.createContext("/slow-body", x -> {
            requests.incrementAndGet();
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < 50; i++) { // a byte every 100 ms: never idle for long, but 5 s in all
                    out.write(1);
                    out.flush();
                    sleep(100);
                }
            } catch (IOException expected) {
                // the client stopped reading
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() { server.stop(0); }

    private static void reply(HttpExchange x, int status, String type, byte[] body) throws IOException {
        requests.incrementAndGet();
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static URI url(String path) { return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path); }

    private static AudioFetcher local() { return new AudioFetcher(true, LIMIT, Duration.ofSeconds(1)); }

    @Test
    void fetchesWavAndMp3ByContent() throws Exception {
        try (AudioFetcher fetcher = local()) {
            assertThat(fetcher.fetch(url("/greeting.bin")).durationMillis()).isEqualTo(2000);
            AudioClip music = fetcher.fetch(url("/music.wav"));
            assertThat(music.durationMillis()).isBetween(1000L, 1150L);
            assertThat(Signals.dominant(Signals.toFloats(music.slice(200, 800).pcm()), 8000)).isBetween(435.0, 445.0);
            assertThat(fetcher.fetch(url("/moved")).durationMillis()).isEqualTo(2000);
        }
    }

    @Test
    void loopbackIsRefusedByDefaultBeforeAnyRequest() {
        int before = requests.get();
        try (AudioFetcher fetcher = new AudioFetcher(false, LIMIT, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> fetcher.fetch(url("/greeting.bin"))).isInstanceOf(IOException.class)
                    .hasMessageContaining("private or local address");
            URI byName = URI.create("http://localhost:" + server.getAddress().getPort() + "/greeting.bin");
            assertThatThrownBy(() -> fetcher.fetch(byName)).isInstanceOf(IOException.class)
                    .hasMessageContaining("private or local address");
        }
        assertThat(requests.get()).isEqualTo(before);
    }

    @Test
    void sizeLimitHoldsWithAndWithoutContentLength() {
        try (AudioFetcher fetcher = local()) {
            assertThatThrownBy(() -> fetcher.fetch(url("/big-declared"))).isInstanceOf(IOException.class)
                    .hasMessageContaining("larger than 100000 bytes");
            long started = System.nanoTime();
            assertThatThrownBy(() -> fetcher.fetch(url("/big-chunked"))).isInstanceOf(IOException.class)
                    .hasMessageContaining("larger than 100000 bytes").hasMessageNotContaining("Content-Length");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void theTimeLimitCoversTheWholeExchange() {
        try (AudioFetcher fetcher = local()) {
            for (String path : new String[] {"/slow-headers", "/slow-body"}) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> fetcher.fetch(url(path))).as(path).isInstanceOf(IOException.class)
                        .hasMessageContaining("within 1000 ms");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as(path).isLessThan(Duration.ofMillis(2500));
            }
        }
    }

    @Test
    void errorsSayWhatHappened() {
        try (AudioFetcher fetcher = local()) {
            assertThatThrownBy(() -> fetcher.fetch(url("/missing"))).isInstanceOf(IOException.class).hasMessageContaining("HTTP 404");
            assertThatThrownBy(() -> fetcher.fetch(url("/page"))).isInstanceOf(AudioFormatException.class)
                    .hasMessageContaining("not WAV or MP3");
            assertThatThrownBy(() -> fetcher.fetch(URI.create("file:///etc/passwd"))).isInstanceOf(IOException.class)
                    .hasMessageContaining("only absolute http and https");
            assertThatThrownBy(() -> fetcher.fetch(URI.create("http://127.0.0.1:1/nothing-listens"))).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot fetch");
        }
    }
}
