package io.ringway.account;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The sms77/seven.io request signature, used both to verify signed API requests and to sign outgoing webhooks:
 * {@code hex(HMAC-SHA256(secret, timestamp \n nonce \n METHOD \n url \n md5hex(body)))}.
 */
public final class RequestSignature {
    private RequestSignature() {}

    public static String sign(String secret, String timestamp, String nonce, String method, String url, byte[] body) {
        String toSign = timestamp + "\n" + nonce + "\n" + method.toUpperCase(java.util.Locale.ROOT) + "\n" + url + "\n" + md5Hex(body);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }

    /** Compares in constant time, case-insensitively on the hex digits. */
    public static boolean matches(String expectedHex, String givenHex) {
        if (givenHex == null) return false;
        byte[] a = expectedHex.getBytes(StandardCharsets.US_ASCII);
        byte[] b = givenHex.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(a, b);
    }

    static String md5Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body == null ? new byte[0] : body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 missing from the JDK", e);
        }
    }
}
