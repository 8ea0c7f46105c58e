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

    // Looking up a Mac or digest costs more than using it on a short string; each thread keeps its own (neither is
    // thread-safe). Webhook delivery signs every request on a few client threads.
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    });
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 missing from the JDK", e);
        }
    });

    public static String sign(String secret, String timestamp, String nonce, String method, String url, byte[] body) {
        String toSign = timestamp + "\n" + nonce + "\n" + method.toUpperCase(java.util.Locale.ROOT) + "\n" + url + "\n" + md5Hex(body);
        try {
            Mac mac = HMAC.get();
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the signing secret", e);
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
        return HexFormat.of().formatHex(MD5.get().digest(body == null ? new byte[0] : body));
    }
}
