package io.ringway.api.sms77;

import io.ringway.account.Account;
import io.ringway.account.Accounts;
import io.ringway.account.RequestSignature;
import io.ringway.http.Exchange;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/**
 * Finds the caller's account from any of the sms77 credential forms ({@code X-Api-Key}, {@code Authorization:
 * Basic <raw key>} or standard Basic, {@code Bearer}, {@code p=}) and, when a request carries signature headers,
 * verifies them: HMAC over the request, timestamp within 30 s, nonce never seen before.
 */
final class Authenticator {
    static final long SIGNATURE_WINDOW_SECONDS = 30;

    private final Accounts accounts;
    private final Clock clock;

    Authenticator(Accounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    Account authenticate(Exchange ex, Params params) {
        Account account = findAccount(ex, params).orElseThrow(() -> new ApiCode(ApiCode.AUTH_FAILED));
        String signature = ex.header("X-Signature");
        String timestamp = ex.header("X-Timestamp");
        String nonce = ex.header("X-Nonce");
        if (signature != null || timestamp != null || nonce != null) verifySignature(ex, account, signature, timestamp, nonce);
        return account;
    }

    private Optional<Account> findAccount(Exchange ex, Params params) {
        String key = ex.header("X-Api-Key");
        if (key != null) return accounts.authenticate(key.strip());
        String auth = ex.header("Authorization");
        if (auth != null) return fromAuthorization(auth.strip());
        String p = params.get("p");
        if (p != null) return accounts.authenticate(p.strip());
        return Optional.empty();
    }

    private Optional<Account> fromAuthorization(String auth) {
        int space = auth.indexOf(' ');
        if (space < 0) return accounts.authenticate(auth);
        String scheme = auth.substring(0, space);
        String credentials = auth.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) return accounts.authenticate(credentials);
        if (!scheme.equalsIgnoreCase("Basic")) return Optional.empty();
        // sms77's Go client sends the raw key after "Basic"; standard clients send base64(user:password).
        Optional<Account> raw = accounts.authenticate(credentials);
        if (raw.isPresent()) return raw;
        try {
            String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) return accounts.authenticate(decoded);
            Optional<Account> user = accounts.authenticate(decoded.substring(0, colon));
            return user.isPresent() ? user : accounts.authenticate(decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void verifySignature(Exchange ex, Account account, String signature, String timestamp, String nonce) {
        if (signature == null || timestamp == null || nonce == null || nonce.isEmpty() || nonce.length() > 128) {
            throw new ApiCode(ApiCode.SIGNATURE_FAILED);
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw new ApiCode(ApiCode.SIGNATURE_FAILED);
        }
        long now = clock.millis() / 1000;
        if (Math.abs(now - ts) > SIGNATURE_WINDOW_SECONDS) throw new ApiCode(ApiCode.SIGNATURE_FAILED);
        String expected = RequestSignature.sign(account.signingSecret(), timestamp.strip(), nonce, ex.method(), ex.requestUrl(), ex.body());
        if (!RequestSignature.matches(expected, signature.strip())) throw new ApiCode(ApiCode.SIGNATURE_FAILED);
        // Checked last so a forged request cannot burn a legitimate client's nonce.
        long keepUntil = (ts + 2 * SIGNATURE_WINDOW_SECONDS) * 1000;
        if (!accounts.acceptNonce(account.id(), nonce, keepUntil)) throw new ApiCode(ApiCode.SIGNATURE_FAILED);
    }
}
