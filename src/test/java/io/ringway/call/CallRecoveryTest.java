package io.ringway.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.ringway.media.AudioClip;
import io.ringway.media.Wav;
import io.ringway.testing.EmbeddedPostgres;
import io.ringway.testing.MutableClock;
import io.ringway.testing.ServerProcess;
import io.ringway.testing.Json;
import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls across crashes, stops and nodes: a SIGKILLed gateway ends the calls it had connected and dials, at its
 * next start, the ones it had accepted but not dialled; on PostgreSQL a hang-up asked of one node ends a call
 * running on another, and a call a node left undialled is dialled by another once its lease ran out.
 */
class CallRecoveryTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Keeps a call in progress for ten minutes of call time. */
    private static final String LONG_CALL = "<Response><Say>Hello</Say><Pause length=\"600\"/></Response>";

    private HttpServer files;
    /** Open until the test lets the stalled file through. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch stalledAsked = new CountDownLatch(1);

    @AfterEach
    void stopFiles() {
        release.countDown();
        if (files != null) files.stop(0);
    }

    /** Serves a 1 s tone at /slow.wav that is held back until {@link #release} opens. */
    private String serveStalledFile() throws Exception {
        short[] tone = new short[8000];
        for (int i = 0; i < tone.length; i++) tone[i] = (short) (12000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
        byte[] wav = Wav.write(AudioClip.ofPcm(tone));
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        files.createContext("/slow.wav", ex -> {
            stalledAsked.countDown();
            try {
                release.await(120, TimeUnit.SECONDS);
                ex.sendResponseHeaders(200, wav.length);
                ex.getResponseBody().write(wav);
            } catch (InterruptedException | java.io.IOException e) {
                // the gateway went away while waiting
            } finally {
                ex.close();
            }
        });
        files.start();
        return "http://127.0.0.1:" + files.getAddress().getPort();
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    static JsonNode read(String body) { return Json.read(body); }

    private static String get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError(url, e);
        }
    }

    private static String place(String baseUrl, String key, String xml) {
        String body = get(baseUrl + "/api/voice?p=" + key + "&xml=1&to=4915112345678&text=" + enc(xml));
        assertThat(body).as(body).startsWith("100\n");
        return body.split("\n")[1];
    }

    private static JsonNode entry(String baseUrl, String key, String id) {
        for (JsonNode n : read(get(baseUrl + "/api/journal/voice?p=" + key))) if (n.path("id").asText().equals(id)) return n;
        return null;
    }

    private static String status(String baseUrl, String key, String id) {
        JsonNode e = entry(baseUrl, key, id);
        return e == null ? null : e.path("status").asText();
    }

    private static void await(String what, Duration timeout, Supplier<Boolean> condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static BigDecimal balance(String baseUrl, String key) { return new BigDecimal(get(baseUrl + "/api/balance?p=" + key).strip()); }

    @Test
    void aKillEndsTheConnectedCallAndTheNextStartDialsTheOneNotDialledYet() throws Exception {
        String files = serveStalledFile();
        Map<String, String> env = Map.of("RINGWAY_SANDBOX_VOICE_SPEED", "2", "RINGWAY_VOICE_ALLOW_PRIVATE_AUDIO_URLS", "true",
                "RINGWAY_VOICE_AUDIO_TIMEOUT_MS", "60000");
        Path data = Files.createTempDirectory("ringway-call-crash");
        try {
            String key, connected, undialled;
            try (ServerProcess server = ServerProcess.serve(data, env)) {
                key = ServerProcess.createKey(data, "10", env).get("key").asText();
                connected = place(server.baseUrl(), key, LONG_CALL);
                await("the first call to be answered", Duration.ofSeconds(20), () -> "in-progress".equals(status(server.baseUrl(), key, connected)));
                undialled = place(server.baseUrl(), key, "<Response><Play>" + files + "/slow.wav</Play></Response>");
                assertThat(stalledAsked.await(20, TimeUnit.SECONDS)).as("Ringway fetches the audio before dialling").isTrue();
                assertThat(status(server.baseUrl(), key, undialled)).isEqualTo("initiated");
                assertThat(balance(server.baseUrl(), key)).isEqualByComparingTo("9.91"); // both first minutes paid
                server.kill();
            }
            release.countDown();
            try (ServerProcess restarted = ServerProcess.serve(data, env)) {
                JsonNode cut = entry(restarted.baseUrl(), key, connected);
                assertThat(cut.path("status").asText()).isEqualTo("failed");
                assertThat(cut.path("error").asText()).isEqualTo("interrupted: Ringway stopped during the call");
                assertThat(cut.path("price").asText()).isEqualTo("0.045"); // it was connected: its first minute stays charged
                await("the call accepted before the kill to be dialled and completed", Duration.ofSeconds(30),
                        () -> "completed".equals(status(restarted.baseUrl(), key, undialled)));
                assertThat(entry(restarted.baseUrl(), key, undialled).path("duration").asLong()).isEqualTo(1);
                assertThat(balance(restarted.baseUrl(), key)).isEqualByComparingTo("9.91");
                restarted.stop();
            }
        } finally {
            TestGateway.deleteTree(data);
        }
    }

    @Test
    void onPostgresAHangUpReachesTheNodeRunningTheCallAndAnUndialledCallMovesToAnotherNode() throws Exception {
        String files = serveStalledFile();
        Map<String, String> a = new HashMap<>(Map.of("RINGWAY_DB_URL", EmbeddedPostgres.freshDatabaseUrl(), "RINGWAY_DB_USER", "postgres",
                "RINGWAY_SANDBOX_VOICE_SPEED", "2", "RINGWAY_VOICE_ALLOW_PRIVATE_AUDIO_URLS", "true",
                "RINGWAY_VOICE_AUDIO_TIMEOUT_MS", "60000", "RINGWAY_NODE_ID", "node-a"));
        Map<String, String> b = new HashMap<>(a);
        b.put("RINGWAY_NODE_ID", "node-b");
        String key, undialled;
        TestGateway nodeA = TestGateway.start(a);
        boolean aClosed = false;
        try (TestGateway nodeB = TestGateway.start(b)) {
            key = nodeA.newAccount("10.00").key();
            String running = place(nodeA.baseUrl(), key, LONG_CALL);
            await("the call to be answered", Duration.ofSeconds(20), () -> "in-progress".equals(status(nodeB.baseUrl(), key, running)));
            JsonNode asked = read(nodeB.postForm("/api/voice/" + running + "/hangup", "p=" + key).body());
            assertThat(asked.path("success").asBoolean()).as("%s", asked).isTrue();
            await("node A to end the call node B was asked to hang up", Duration.ofSeconds(10),
                    () -> "completed".equals(status(nodeB.baseUrl(), key, running)));
            assertThat(entry(nodeB.baseUrl(), key, running).path("error").asText()).isEqualTo("hung up by request");

            undialled = place(nodeA.baseUrl(), key, "<Response><Play>" + files + "/slow.wav</Play></Response>");
            assertThat(stalledAsked.await(20, TimeUnit.SECONDS)).isTrue();
            nodeA.close(); // stops while fetching: the call stays accepted, leased to node A
            aClosed = true;
            Thread.sleep(1500); // node B polls every second: it must leave a call whose lease runs
            assertThat(status(nodeB.baseUrl(), key, undialled)).isEqualTo("initiated");
        } finally {
            if (!aClosed) nodeA.close();
        }
        release.countDown();
        // A node whose clock is past node A's lease (5 minutes) takes the call over.
        MutableClock later = new MutableClock(Instant.now().plus(Duration.ofMinutes(6)));
        try (TestGateway nodeC = TestGateway.start(Map.of("RINGWAY_DB_URL", a.get("RINGWAY_DB_URL"), "RINGWAY_DB_USER", "postgres",
                "RINGWAY_SANDBOX_VOICE_SPEED", "2", "RINGWAY_VOICE_ALLOW_PRIVATE_AUDIO_URLS", "true", "RINGWAY_NODE_ID", "node-c"), later)) {
            await("node C to dial and complete node A's call", Duration.ofSeconds(30), () -> "completed".equals(status(nodeC.baseUrl(), key, undialled)));
            assertThat(entry(nodeC.baseUrl(), key, undialled).path("duration").asLong()).isEqualTo(1);
            assertThat(balance(nodeC.baseUrl(), key)).isEqualByComparingTo("9.91");
        }
    }
}
