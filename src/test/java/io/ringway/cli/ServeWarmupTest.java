package io.ringway.cli;

import io.ringway.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve} with its warm-up on (every other test turns it off): the server listens only after the warm-up, and
 * none of the warm-up's traffic reaches the real store or stays on disk.
 */
class ServeWarmupTest {

    @Test
    void theWarmUpRunsBeforeListeningAndLeavesNothingBehind(@TempDir Path data, @TempDir Path tmp) throws Exception {
        try (ServerProcess server = ServerProcess.serve(data, Map.of(
                "RINGWAY_SERVER_WARMUP_SECONDS", "3",
                "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp))) {
            String out = server.output();
            Matcher warmed = Pattern.compile("warmed up with (\\d+) requests").matcher(out);
            assertThat(warmed.find()).as(out).isTrue();
            assertThat(Long.parseLong(warmed.group(1))).as("requests the warm-up sent").isGreaterThan(1000);
            assertThat(out.indexOf("Ringway listening")).as("listening after the warm-up").isGreaterThan(warmed.end());

            Matcher key = Pattern.compile("API key:\\s+(\\S+)").matcher(out);
            assertThat(key.find()).as(out).isTrue();
            assertThat(count(data, "SELECT COUNT(*) FROM accounts")).as("only the first account").isEqualTo(1);
            assertThat(count(data, "SELECT COUNT(*) FROM messages")).isZero();
            assertThat(count(data, "SELECT COUNT(*) FROM sandbox_submits")).isZero();
            assertThat(count(data, "SELECT COUNT(*) FROM ledger")).as("only the first account's opening credit").isEqualTo(1);
            try (var left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ringway-warmup")))
                        .as("warm-up stores deleted").isEmpty();
            }

            HttpResponse<String> sent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    server.baseUrl() + "/api/sms?p=" + key.group(1) + "&to=4915112345678&text=after+the+warm-up")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sent.body()).isEqualTo("100");
            assertThat(count(data, "SELECT COUNT(*) FROM messages WHERE text = 'after the warm-up'")).isEqualTo(1);
            server.stop();
        }
    }

    private static long count(Path data, String query) throws Exception {
        try (Connection c = ServerProcess.database(data);
             ResultSet rs = c.createStatement().executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
