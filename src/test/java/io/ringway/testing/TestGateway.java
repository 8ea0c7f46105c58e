package io.ringway.testing;

import io.ringway.Ringway;
import io.ringway.account.Accounts;
import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Ringway in this JVM for tests: its own data directory (or PostgreSQL database), an ephemeral port on
 * loopback, a fast sandbox. Talk to it over HTTP like any client.
 */
public final class TestGateway implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An account made for a test, with its secret API key and signing secret. */
    public record Key(String key, String signingSecret, long accountId) {}

    /** An HTTP answer as a client sees it. */
    public record Reply(int status, String body, HttpResponse<String> raw) {
        public String header(String name) { return raw.headers().firstValue(name).orElse(null); }
    }

    private final Ringway ringway;
    private final Path dataDir;
    private final boolean ownsDataDir;

    private TestGateway(Ringway ringway, Path dataDir, boolean ownsDataDir) {
        this.ringway = ringway;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    /** Starts on a fresh SQLite data directory, with these {@code RINGWAY_*} settings on top of the test defaults. */
    public static TestGateway start(Map<String, String> env) { return start(env, Clock.systemUTC()); }

    /** The same on a clock the test moves. */
    public static TestGateway start(Map<String, String> env, Clock clock) {
        try {
            return start(Files.createTempDirectory("ringway-test"), env, true, clock);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestGateway start() { return start(Map.of()); }

    /** Starts on an existing data directory (to test restarts); the directory is left in place on close. */
    public static TestGateway startOn(Path dataDir, Map<String, String> env) { return startOn(dataDir, env, Clock.systemUTC()); }

    public static TestGateway startOn(Path dataDir, Map<String, String> env, Clock clock) { return start(dataDir, env, false, clock); }

    /** Starts on a fresh database of the shared embedded PostgreSQL. */
    public static TestGateway startPostgres(Map<String, String> env) {
        Map<String, String> pg = new HashMap<>(env);
        pg.put("RINGWAY_DB_URL", EmbeddedPostgres.freshDatabaseUrl());
        pg.put("RINGWAY_DB_USER", "postgres");
        return start(pg);
    }

    private static TestGateway start(Path dataDir, Map<String, String> env, boolean owns, Clock clock) {
        Map<String, String> all = new HashMap<>();
        all.put("RINGWAY_SERVER_HOST", "127.0.0.1");
        all.put("RINGWAY_SANDBOX_RECEIPT_DELAY_MS", "100");
        all.put("RINGWAY_TIMEZONE", "UTC");
        all.put("RINGWAY_SERVER_WARMUP_SECONDS", "0");
        all.putAll(env);
        RingwayConfig config = ConfigLoader.withEnvironment(all)
                .set("data_dir", dataDir.toString())
                .set("server.port", "0")
                .load();
        return new TestGateway(Ringway.start(config, clock), dataDir, owns);
    }

    public Ringway ringway() { return ringway; }

    public Path dataDir() { return dataDir; }

    public String baseUrl() { return "http://127.0.0.1:" + ringway.port(); }

    public Key newAccount(String balanceEur) {
        Accounts.Created c = ringway.accounts().create("test", new BigDecimal(balanceEur));
        return new Key(c.apiKey(), c.account().signingSecret(), c.account().id());
    }

    public Reply get(String pathAndQuery, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).GET(), headers);
    }

    public Reply postForm(String path, String form, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)), headers);
    }

    public Reply postJson(String path, String json, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)), headers);
    }

    public Reply send(String method, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) b.header("Content-Type", contentType);
        return send(b, headers);
    }

    private static Reply send(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        try {
            HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        ringway.close();
        if (ownsDataDir) deleteTree(dataDir);
    }

    public static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files; the OS cleans up eventually
        }
    }
}
