package io.ringway.dispatch;

import io.ringway.testing.ServerProcess;
import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accept SMS under load, SIGKILL the server mid-stream, start it again: every message answered 100 is in the store
 * and the sandbox receives each exactly once.
 */
class CrashRecoveryTest {
    private static final Map<String, String> ENV = Map.of("RINGWAY_SANDBOX_RECEIPT_DELAY_MS", "300",
            "RINGWAY_ACCOUNTS_DEFAULT_RELOAD_LOCK", "false");

    @Test
    void everyAcceptedMessageSurvivesAKillAndIsSubmittedOnce() throws Exception {
        Path data = Files.createTempDirectory("ringway-crash");
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        try {
            String key;
            try (ServerProcess server = ServerProcess.serve(data, ENV)) {
                key = ServerProcess.createKey(data, "100000", ENV).get("key").asText();
                AtomicInteger sent = new AtomicInteger();
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int worker = 0; worker < 16; worker++) {
                        int w = worker;
                        pool.submit(() -> {
                            for (int i = 0; ; i++) {
                                String text = "crash test " + w + "-" + i;
                                String url = server.baseUrl() + "/api/sms?return_msg_id=1&to=4915112345678&p=" + key
                                        + "&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
                                try {
                                    String body = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                                            HttpResponse.BodyHandlers.ofString()).body();
                                    if (body.startsWith("100\n")) acknowledged.put(Long.parseLong(body.substring(4).strip()), text);
                                    sent.incrementAndGet();
                                } catch (Exception e) {
                                    return; // the server is gone
                                }
                            }
                        });
                    }
                    while (acknowledged.size() < 1500) Thread.sleep(5);
                    server.kill();
                }
            }
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(1500);

            try (ServerProcess restarted = ServerProcess.serve(data, ENV)) {
                HttpClient http = HttpClient.newHttpClient();
                long deadline = System.currentTimeMillis() + 60_000;
                while (countDelivered(data, acknowledged.keySet()) < acknowledged.size() && System.currentTimeMillis() < deadline) Thread.sleep(200);
                // The API agrees with the store for a sample of them.
                for (Long id : acknowledged.keySet().stream().limit(20).toList()) {
                    String status = http.send(HttpRequest.newBuilder(URI.create(restarted.baseUrl() + "/api/status?p=" + key + "&msg_id=" + id)).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    assertThat(status).startsWith("DELIVERED\n");
                }
                restarted.stop();
            }

            try (Connection c = ServerProcess.database(data)) {
                Map<Long, String> stored = new HashMap<>();
                try (ResultSet rs = c.createStatement().executeQuery("SELECT id, text, status FROM messages")) {
                    while (rs.next()) {
                        stored.put(rs.getLong(1), rs.getString(2));
                        if (acknowledged.containsKey(rs.getLong(1))) assertThat(rs.getString(3)).isEqualTo("DELIVERED");
                    }
                }
                for (var e : acknowledged.entrySet()) assertThat(stored).containsEntry(e.getKey(), e.getValue());
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT message_id, COUNT(*) FROM sandbox_submits GROUP BY message_id HAVING COUNT(*) > 1")) {
                    assertThat(rs.next()).as("a message the sandbox received twice").isFalse();
                }
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT COUNT(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM sandbox_submits s WHERE s.message_id = m.id)")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("stored messages the sandbox never received").isZero();
                }
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT a.balance_micros, (SELECT SUM(amount_micros) FROM ledger l WHERE l.account_id = a.id), "
                                + "(SELECT SUM(price_micros) FROM messages m WHERE m.account_id = a.id) FROM accounts a WHERE a.id = 2")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("balance equals the ledger").isEqualTo(rs.getLong(2));
                    assertThat(rs.getLong(1)).as("charged exactly the stored messages").isEqualTo(100_000_000_000L - rs.getLong(3));
                }
            }
        } finally {
            TestGateway.deleteTree(data);
        }
    }

    private static long countDelivered(Path data, Set<Long> ids) throws Exception {
        try (Connection c = ServerProcess.database(data);
             ResultSet rs = c.createStatement().executeQuery("SELECT id FROM messages WHERE status = 'DELIVERED'")) {
            long n = 0;
            while (rs.next()) if (ids.contains(rs.getLong(1))) n++;
            return n;
        }
    }
}
