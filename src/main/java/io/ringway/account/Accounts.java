package io.ringway.account;

import io.ringway.store.Sql;
import io.ringway.store.Store;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts, their API keys and balances. Authentication is answered from a short-lived cache keyed by the key's
 * hash, so the hot path neither hashes into the database nor reads it; a revoked key stops working within
 * {@link #CACHE_MILLIS}.
 */
public final class Accounts {
    static final long CACHE_MILLIS = 5_000;

    /** What a new account starts with. */
    public record Defaults(String currency, String country, boolean reloadLock) {}

    /** A new account and its API key, which is shown once and never stored in the clear. */
    public record Created(Account account, String apiKey) {}

    private record Cached(Account account, long until) {}

    private final Store store;
    private final Clock clock;
    private final Defaults defaults;
    private final ConcurrentHashMap<String, Cached> byKeyHash = new ConcurrentHashMap<>();

    public Accounts(Store store, Clock clock, Defaults defaults) {
        this.store = store;
        this.clock = clock;
        this.defaults = defaults;
    }

    public Created create(String name, BigDecimal balance) {
        String key = ApiKeys.newKey();
        String secret = ApiKeys.newSigningSecret();
        long now = clock.millis();
        long id = store.write(sql -> {
            long accountId = sql.insertReturningId("""
                    INSERT INTO accounts (name, currency, balance_micros, default_sender, default_country, reload_lock,
                                          daily_limit, signing_secret, created_at)
                    VALUES (?, ?, 0, NULL, ?, ?, 0, ?, ?) RETURNING id""",
                    name, defaults.currency(), defaults.country(), defaults.reloadLock(), secret, now);
            sql.update("INSERT INTO api_keys (account_id, key_hash, key_hint, created_at) VALUES (?, ?, ?, ?)",
                    accountId, ApiKeys.hash(key), ApiKeys.hint(key), now);
            if (balance.signum() > 0) Ledger.credit(sql, accountId, Money.toMicros(balance), "topup", "account created", now);
            return accountId;
        });
        Account account = new Account(id, name, defaults.currency(), null, defaults.country(), defaults.reloadLock(), 0, secret);
        return new Created(account, key);
    }

    /** The account an API key belongs to, if the key is valid and not revoked. */
    public Optional<Account> authenticate(String apiKey) {
        if (apiKey == null || apiKey.isEmpty() || apiKey.length() > 256) return Optional.empty();
        String hash = ApiKeys.hash(apiKey);
        long now = clock.millis();
        Cached cached = byKeyHash.get(hash);
        if (cached != null && cached.until() > now) return Optional.of(cached.account());
        Optional<Account> found = store.read(sql -> byKey(sql, hash));
        found.ifPresentOrElse(a -> byKeyHash.put(hash, new Cached(a, now + CACHE_MILLIS)), () -> byKeyHash.remove(hash));
        return found;
    }

    public Optional<Account> find(long accountId) {
        return store.read(sql -> {
            try (ResultSet rs = sql.bind(SELECT_ACCOUNT + " WHERE a.id = ?", accountId).executeQuery()) {
                return rs.next() ? Optional.of(account(rs)) : Optional.empty();
            }
        });
    }

    /** Changes of an account's settings; {@code null} leaves a setting as it is, an empty sender removes it. */
    public record Settings(String defaultSender, String defaultCountry, Boolean reloadLock, Integer dailyLimit) {}

    /** Applies the settings and returns the account as stored; empty if there is no such account. */
    public Optional<Account> update(long accountId, Settings s) {
        int changed = store.write(sql -> sql.update("""
                UPDATE accounts SET default_sender = CASE WHEN ? THEN ? ELSE default_sender END,
                    default_country = COALESCE(?, default_country), reload_lock = COALESCE(?, reload_lock),
                    daily_limit = COALESCE(?, daily_limit)
                WHERE id = ?""", s.defaultSender() != null, s.defaultSender() == null || s.defaultSender().isEmpty() ? null : s.defaultSender(),
                s.defaultCountry(), s.reloadLock(), s.dailyLimit(), accountId));
        // Requests authenticated from the cache see the change within CACHE_MILLIS.
        return changed == 0 ? Optional.empty() : find(accountId);
    }

    public BigDecimal balance(long accountId) {
        return Money.fromMicros(store.read(sql -> Ledger.balanceMicros(sql, accountId)));
    }

    public void credit(long accountId, BigDecimal amount, String reference) {
        long now = clock.millis();
        store.write(sql -> {
            Ledger.credit(sql, accountId, Money.toMicros(amount), "topup", reference, now);
            return null;
        });
    }

    /**
     * Records a signed request's nonce; false if it was seen before (a replay). Nonces are kept until
     * {@code expiresAt}, past which the request's timestamp alone would make it fail.
     */
    public boolean acceptNonce(long accountId, String nonce, long expiresAt) {
        long now = clock.millis();
        return store.write(sql -> {
            sql.update("DELETE FROM request_nonces WHERE account_id = ? AND expires_at < ?", accountId, now);
            return sql.update("INSERT INTO request_nonces (account_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    accountId, nonce, expiresAt) == 1;
        });
    }

    public long count() {
        return store.read(sql -> sql.queryLong("SELECT COUNT(*) FROM accounts"));
    }

    private static final String SELECT_ACCOUNT = """
            SELECT a.id, a.name, a.currency, a.default_sender, a.default_country, a.reload_lock, a.daily_limit, a.signing_secret
            FROM accounts a""";

    private static Optional<Account> byKey(Sql sql, String hash) throws SQLException {
        try (ResultSet rs = sql.bind(SELECT_ACCOUNT + " JOIN api_keys k ON k.account_id = a.id WHERE k.key_hash = ? AND k.revoked_at IS NULL", hash)
                .executeQuery()) {
            return rs.next() ? Optional.of(account(rs)) : Optional.empty();
        }
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getBoolean(6), rs.getInt(7), rs.getString(8));
    }
}
