package io.ringway.api.sms77;

import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every credential form of the protocol notes, and request signing checked against an independent signer. */
class AuthTest {
    private static TestGateway gw;
    private static TestGateway.Key key;

    @BeforeAll
    static void start() {
        gw = TestGateway.start(Map.of());
        key = gw.newAccount("5");
    }

    @AfterAll
    static void stop() { gw.close(); }

    @Test
    void everyCredentialFormWorks() {
        assertThat(gw.get("/api/balance?p=" + key.key()).body()).isEqualTo("5.00");
        assertThat(gw.get("/api/balance", "X-Api-Key", key.key()).body()).isEqualTo("5.00");
        assertThat(gw.get("/api/balance", "x-api-key", key.key()).body()).isEqualTo("5.00");
        assertThat(gw.get("/api/balance", "Authorization", "Basic " + key.key()).body()).isEqualTo("5.00");
        String std = Base64.getEncoder().encodeToString((key.key() + ":").getBytes(StandardCharsets.UTF_8));
        assertThat(gw.get("/api/balance", "Authorization", "Basic " + std).body()).isEqualTo("5.00");
        assertThat(gw.get("/api/balance", "Authorization", "Bearer " + key.key()).body()).isEqualTo("5.00");
        assertThat(gw.get("/api/balance?p=" + key.key(), "SentWith", "js").body()).isEqualTo("5.00");
        assertThat(gw.get("/api/balance?p=" + key.key() + "&sentWith=php").body()).isEqualTo("5.00");
    }

    @Test
    void wrongOrMissingCredentialsAre900() {
        assertThat(gw.get("/api/balance").body()).isEqualTo("900");
        assertThat(gw.get("/api/balance?p=nope").body()).isEqualTo("900");
        assertThat(gw.get("/api/balance", "Authorization", "Bearer " + key.key() + "x").body()).isEqualTo("900");
        assertThat(gw.get("/api/balance", "Authorization", "Digest abc").body()).isEqualTo("900");
        assertThat(gw.get("/api/balance", "Authorization", "Basic !!!").body()).isEqualTo("900");
    }

    /** The signer from the protocol notes, written here independently of Ringway's. */
    private static String[] signed(String method, String url, String body, long timestamp, String nonce, String secret) throws Exception {
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        String toSign = timestamp + "\n" + nonce + "\n" + method + "\n" + url + "\n" + md5;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = HexFormat.of().formatHex(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        return new String[]{"X-Api-Key", key.key(), "X-Signature", sig, "X-Timestamp", Long.toString(timestamp), "X-Nonce", nonce};
    }

    private static long now() { return System.currentTimeMillis() / 1000; }

    private static String nonce() { return UUID.randomUUID().toString().replace("-", ""); }

    @Test
    void signedGetVerifiesOverTheFullUrlWithQuery() throws Exception {
        String path = "/api/balance?json=0&x=%2C+y";
        var ok = gw.get(path, signed("GET", gw.baseUrl() + path, "", now(), nonce(), key.signingSecret()));
        assertThat(ok.body()).isEqualTo("5.00");
        var otherQuery = gw.get(path + "&z=1", signed("GET", gw.baseUrl() + path, "", now(), nonce(), key.signingSecret()));
        assertThat(otherQuery.body()).isEqualTo("901");
    }

    @Test
    void signedPostCoversTheBody() throws Exception {
        TestGateway.Key sender = gw.newAccount("1");
        String body = "{\"to\":\"4915112345678\",\"text\":\"signed " + System.nanoTime() + "\"}";
        var ok = gw.postJson("/api/sms", body, signedFor(sender, "POST", gw.baseUrl() + "/api/sms", body));
        assertThat(ok.body()).isEqualTo("100");
        var tampered = gw.postJson("/api/sms", body.replace("signed", "forged"), signedFor(sender, "POST", gw.baseUrl() + "/api/sms", body));
        assertThat(tampered.body()).isEqualTo("901");
    }

    @Test
    void wrongSecretStaleTimestampReplayAndPartialHeadersAre901() throws Exception {
        String url = gw.baseUrl() + "/api/balance";
        assertThat(gw.get("/api/balance", signed("GET", url, "", now(), nonce(), "wrong-secret")).body()).isEqualTo("901");
        assertThat(gw.get("/api/balance", signed("GET", url, "", now() - 31, nonce(), key.signingSecret())).body()).isEqualTo("901");
        assertThat(gw.get("/api/balance", signed("GET", url, "", now() + 31, nonce(), key.signingSecret())).body()).isEqualTo("901");
        String[] once = signed("GET", url, "", now(), nonce(), key.signingSecret());
        assertThat(gw.get("/api/balance", once).body()).isEqualTo("5.00");
        assertThat(gw.get("/api/balance", once).body()).as("replayed nonce").isEqualTo("901");
        assertThat(gw.get("/api/balance", "X-Api-Key", key.key(), "X-Signature", "abc").body()).isEqualTo("901");
        assertThat(gw.get("/api/balance", "X-Api-Key", key.key(), "x-nonce", nonce(), "X-Timestamp", Long.toString(now())).body()).isEqualTo("901");
    }

    @Test
    void aForgedRequestDoesNotBurnTheNonce() throws Exception {
        String url = gw.baseUrl() + "/api/balance";
        String n = nonce();
        long ts = now();
        assertThat(gw.get("/api/balance", signed("GET", url, "", ts, n, "wrong-secret")).body()).isEqualTo("901");
        assertThat(gw.get("/api/balance", signed("GET", url, "", ts, n, key.signingSecret())).body()).isEqualTo("5.00");
    }

    @Test
    void behindAProxyTheForwardedUrlIsSignedWhenTrusted() throws Exception {
        try (TestGateway proxied = TestGateway.start(Map.of("RINGWAY_SERVER_TRUST_FORWARDED_HEADERS", "true"))) {
            TestGateway.Key k = proxied.newAccount("1");
            String[] sig = signedFor(k, "GET", "https://sms.example.com/api/balance", "");
            String[] headers = concat(sig, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "sms.example.com");
            assertThat(proxied.get("/api/balance", headers).body()).isEqualTo("1.00");
        }
        // Untrusted: the same headers are ignored and the signature (over the public URL) fails.
        TestGateway.Key k = gw.newAccount("1");
        String[] headers = concat(signedFor(k, "GET", "https://sms.example.com/api/balance", ""),
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "sms.example.com");
        assertThat(gw.get("/api/balance", headers).body()).isEqualTo("901");
    }

    private static String[] signedFor(TestGateway.Key k, String method, String url, String body) throws Exception {
        String[] s = signed(method, url, body, now(), nonce(), k.signingSecret());
        s[1] = k.key();
        return s;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
