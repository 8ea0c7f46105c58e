package io.ringway.api.sms77;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** /api/hooks in the two styles the official clients use (observed requests: docs/webhooks.md). */
class HooksApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway open;   // allows loopback targets, as the delivery tests will need
    private static TestGateway strict; // the default: private targets refused

    @BeforeAll
    static void start() {
        open = TestGateway.start(Map.of("RINGWAY_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true"));
        strict = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        open.close();
        strict.close();
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    private static JsonNode json(TestGateway.Reply r) throws Exception {
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        return JSON.readTree(r.body());
    }

    @Test
    void legacyFormStyleSubscribesListsAndUnsubscribes() throws Exception {
        TestGateway.Key k = open.newAccount("1");
        String[] key = {"X-Api-Key", k.key()};
        JsonNode made = json(open.postForm("/api/hooks", "action=subscribe&target_url=" + enc("http://127.0.0.1:9/dlr?x=1")
                + "&event_type=dlr&request_method=GET", key));
        assertThat(made.get("success").asBoolean()).isTrue();
        long id = made.get("id").asLong();
        assertThat(made.get("id").isNumber()).isTrue();

        JsonNode list = json(open.postForm("/api/hooks", "action=read", key));
        assertThat(list.get("success").asBoolean()).isTrue();
        assertThat(list.get("hooks")).hasSize(1);
        JsonNode h = list.get("hooks").get(0);
        assertThat(h.get("id").asText()).isEqualTo(Long.toString(id));
        assertThat(h.get("id").isTextual()).isTrue();
        assertThat(h.get("target_url").asText()).isEqualTo("http://127.0.0.1:9/dlr?x=1");
        assertThat(h.get("event_type").asText()).isEqualTo("dlr");
        assertThat(h.get("request_method").asText()).isEqualTo("GET");
        assertThat(h.get("enabled").asBoolean()).isTrue();
        assertThat(h.get("event_filter").isNull()).isTrue();
        assertThat(h.get("created").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");

        assertThat(json(open.postForm("/api/hooks", "action=unsubscribe&id=" + id, key)).get("success").asBoolean()).isTrue();
        assertThat(json(open.postForm("/api/hooks", "action=read", key)).get("hooks")).isEmpty();
        assertThat(json(open.postForm("/api/hooks", "action=unsubscribe&id=" + id, key)).get("success").asBoolean())
                .as("already gone").isFalse();
    }

    @Test
    void restStyleWithJsonBodiesAndTheIdOfDeleteInTheBody() throws Exception {
        TestGateway.Key k = open.newAccount("1");
        String[] key = {"X-Api-Key", k.key()};
        JsonNode made = json(open.postJson("/api/hooks",
                "{\"headers\":\"X-Foo: bar\",\"request_method\":\"JSON\",\"event_filter\":\"+4917\",\"event_type\":\"sms_mo\","
                        + "\"target_url\":\"http://localhost:9/mo\"}", key));
        assertThat(made.get("success").asBoolean()).isTrue();
        long id = made.get("id").asLong();

        JsonNode h = json(open.get("/api/hooks", "X-Api-Key", k.key(), "Accept", "application/json")).get("hooks").get(0);
        assertThat(h.get("request_method").asText()).isEqualTo("JSON");
        assertThat(h.get("event_type").asText()).isEqualTo("sms_mo");
        assertThat(h.get("event_filter").asText()).isEqualTo("+4917");
        assertThat(h.get("headers").asText()).isEqualTo("X-Foo: bar");

        var deleted = open.send("DELETE", "/api/hooks", "application/json", ("{\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8), key);
        assertThat(json(deleted).get("success").asBoolean()).isTrue();
        assertThat(json(open.get("/api/hooks", key)).get("hooks")).isEmpty();
    }

    @Test
    void theDefaultRequestMethodIsPostAndDuplicatesAreRefused() throws Exception {
        TestGateway.Key k = open.newAccount("1");
        String[] key = {"X-Api-Key", k.key()};
        String form = "action=subscribe&target_url=" + enc("https://127.0.0.1:9/hook") + "&event_type=all";
        assertThat(json(open.postForm("/api/hooks", form, key)).get("success").asBoolean()).isTrue();
        JsonNode again = json(open.postForm("/api/hooks", form, key));
        assertThat(again.get("success").asBoolean()).isFalse();
        assertThat(again.get("error_message").asText()).contains("already subscribed");
        assertThat(json(open.get("/api/hooks", key)).get("hooks").get(0).get("request_method").asText()).isEqualTo("POST");
    }

    @Test
    void badTargetsTypesAndMethodsAreRefusedWithAReason() throws Exception {
        TestGateway.Key k = open.newAccount("1");
        String[] key = {"X-Api-Key", k.key()};
        for (String[] bad : new String[][] {
                {"ftp://example.com/x", "dlr", "POST"}, {"/relative/path", "dlr", "POST"}, {"not a url", "dlr", "POST"},
                {"", "dlr", "POST"}, {"https://example.com/x", "sms", "POST"}, {"https://example.com/x", "dlr", "PUT"}}) {
            JsonNode r = json(open.postForm("/api/hooks", "action=subscribe&target_url=" + enc(bad[0]) + "&event_type=" + bad[1]
                    + "&request_method=" + bad[2], key));
            assertThat(r.get("success").asBoolean()).as(String.join(" ", bad)).isFalse();
            assertThat(r.get("error_message").asText()).isNotBlank();
        }
        assertThat(json(open.get("/api/hooks", key)).get("hooks")).isEmpty();
    }

    @Test
    void privateAndLocalTargetsAreRefusedUnlessTheOperatorAllowsThem() throws Exception {
        TestGateway.Key k = strict.newAccount("1");
        String[] key = {"X-Api-Key", k.key()};
        for (String url : new String[] {"http://127.0.0.1:8080/x", "http://localhost/x", "http://10.1.2.3/x", "http://192.168.0.10/x",
                "http://172.16.5.4/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/x", "http://[fd00::1]/x",
                "http://100.64.0.1/x", "http://0.0.0.0/x", "http://[::ffff:127.0.0.1]/x"}) {
            JsonNode r = json(strict.postForm("/api/hooks", "action=subscribe&target_url=" + enc(url) + "&event_type=dlr", key));
            assertThat(r.get("success").asBoolean()).as(url).isFalse();
            assertThat(r.get("error_message").asText()).as(url).contains("private or local");
        }
        JsonNode publicTarget = json(strict.postForm("/api/hooks", "action=subscribe&target_url=" + enc("http://203.0.113.7/x")
                + "&event_type=dlr", key));
        assertThat(publicTarget.get("success").asBoolean()).as("a public address").isTrue();
    }

    @Test
    void accountsSeeAndRemoveOnlyTheirOwnHooks() throws Exception {
        TestGateway.Key a = open.newAccount("1"), b = open.newAccount("1");
        long id = json(open.postForm("/api/hooks", "action=subscribe&target_url=" + enc("http://127.0.0.1:9/a") + "&event_type=dlr",
                "X-Api-Key", a.key())).get("id").asLong();
        assertThat(json(open.get("/api/hooks", "X-Api-Key", b.key())).get("hooks")).isEmpty();
        assertThat(json(open.postForm("/api/hooks", "action=unsubscribe&id=" + id, "X-Api-Key", b.key())).get("success").asBoolean())
                .isFalse();
        assertThat(json(open.get("/api/hooks", "X-Api-Key", a.key())).get("hooks")).hasSize(1);
    }

    @Test
    void withoutAKeyTheReplyIsTheBareCode() {
        var r = open.get("/api/hooks");
        assertThat(r.body()).isEqualTo("900");
    }
}
