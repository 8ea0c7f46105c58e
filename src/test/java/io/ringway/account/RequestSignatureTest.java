package io.ringway.account;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The sms77 signature: hex(HMAC-SHA256(secret, timestamp \n nonce \n METHOD \n url \n md5hex(body))). */
class RequestSignatureTest {
    private static final String SECRET = "topsecret-signing-key";
    private static final String URL = "http://127.0.0.1:8077/api/sms";
    private static final byte[] BODY = "to=491701234567&text=Hi+there".getBytes(StandardCharsets.UTF_8);

    /** The protocol notes' formula, computed here with the JDK directly. */
    private static String independent(String secret, String ts, String nonce, String method, String url, byte[] body) throws Exception {
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] sig = mac.doFinal(String.join("\n", ts, nonce, method, url, md5).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sig);
    }

    @Test
    void matchesAFixedKnownVector() {
        // computed outside Java (Python hmac/hashlib) from the formula in protocol-notes.md
        assertThat(RequestSignature.sign(SECRET, "1700000000", "abcdefghijklmnopqrstuvwxyz012345", "POST", URL, BODY))
                .isEqualTo("e25b6a2366ab6bbbd9b557f8548cc8ee9c139b581a1500dfafdd4f246d11bf85");
        assertThat(RequestSignature.sign(SECRET, "1700000000", "n0nce", "GET", "http://127.0.0.1:8077/api/balance?json=1", new byte[0]))
                .isEqualTo("9d46badc18f133fde22ac2cf374eb48f12207130947061ceaf5d4bda679f57e2");
    }

    @Test
    void agreesWithAnIndependentComputation() throws Exception {
        String expected = independent(SECRET, "1712345678", "nonce-1", "POST", URL, BODY);
        assertThat(RequestSignature.sign(SECRET, "1712345678", "nonce-1", "POST", URL, BODY)).isEqualTo(expected);
        assertThat(RequestSignature.sign(SECRET, "1712345678", "nonce-1", "post", URL, BODY)).as("method is upper-cased").isEqualTo(expected);
        // a GET without body signs md5("")
        assertThat(RequestSignature.sign(SECRET, "1", "n", "GET", URL, null)).isEqualTo(independent(SECRET, "1", "n", "GET", URL, new byte[0]));
    }

    @Test
    void everyInputChangesTheSignature() throws Exception {
        String base = RequestSignature.sign(SECRET, "1712345678", "nonce-1", "POST", URL, BODY);
        assertThat(RequestSignature.sign(SECRET + "x", "1712345678", "nonce-1", "POST", URL, BODY)).isNotEqualTo(base);
        assertThat(RequestSignature.sign(SECRET, "1712345679", "nonce-1", "POST", URL, BODY)).isNotEqualTo(base);
        assertThat(RequestSignature.sign(SECRET, "1712345678", "nonce-2", "POST", URL, BODY)).isNotEqualTo(base);
        assertThat(RequestSignature.sign(SECRET, "1712345678", "nonce-1", "GET", URL, BODY)).isNotEqualTo(base);
        assertThat(RequestSignature.sign(SECRET, "1712345678", "nonce-1", "POST", URL + "?x=1", BODY)).isNotEqualTo(base);
        assertThat(RequestSignature.sign(SECRET, "1712345678", "nonce-1", "POST", URL, "tampered".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(base);
    }

    @Test
    void matchesComparesHexCaseInsensitively() {
        String sig = RequestSignature.sign(SECRET, "1", "n", "GET", URL, null);
        assertThat(RequestSignature.matches(sig, sig)).isTrue();
        assertThat(RequestSignature.matches(sig, sig.toUpperCase())).isTrue();
        assertThat(RequestSignature.matches(sig, sig.substring(1))).isFalse();
        assertThat(RequestSignature.matches(sig, sig.substring(0, 63) + (sig.charAt(63) == '0' ? '1' : '0'))).isFalse();
        assertThat(RequestSignature.matches(sig, null)).isFalse();
        assertThat(RequestSignature.matches(sig, "")).isFalse();
    }
}
