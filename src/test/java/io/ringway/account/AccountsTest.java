package io.ringway.account;

import io.ringway.store.Store;
import io.ringway.store.StoreException;
import io.ringway.testing.MutableClock;
import io.ringway.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static io.ringway.testing.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Accounts, API keys and nonces against a real store. */
class AccountsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));
    private Store store;

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    private Accounts accounts(TestDatabase db) {
        store = db.openFresh();
        return new Accounts(store, clock, new Accounts.Defaults("EUR", "DE", true));
    }

    /** Every value of every row of a table, as text. */
    private List<String> allValues(String table) {
        return store.read(sql -> {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = sql.connection().createStatement().executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) for (int i = 1; i <= md.getColumnCount(); i++) out.add(String.valueOf(rs.getObject(i)));
            }
            return out;
        });
    }

    private static String sha256Hex(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void settingsChangeOnlyWhatIsGiven(TestDatabase db) {
        Accounts accounts = accounts(db);
        long id = accounts.create("shop", java.math.BigDecimal.ONE).account().id();
        Account set = accounts.update(id, new Accounts.Settings("Shop24", "AT", false, 5)).orElseThrow();
        assertThat(set.defaultSender()).isEqualTo("Shop24");
        assertThat(set.defaultCountry()).isEqualTo("AT");
        assertThat(set.reloadLock()).isFalse();
        assertThat(set.dailyLimit()).isEqualTo(5);
        Account untouched = accounts.update(id, new Accounts.Settings(null, null, null, null)).orElseThrow();
        assertThat(untouched).isEqualTo(set);
        assertThat(accounts.update(id, new Accounts.Settings("", null, true, null)).orElseThrow())
                .satisfies(a -> assertThat(a.defaultSender()).isNull())
                .satisfies(a -> assertThat(a.reloadLock()).isTrue())
                .satisfies(a -> assertThat(a.dailyLimit()).isEqualTo(5));
        assertThat(accounts.update(id + 100, new Accounts.Settings("X", null, null, null))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aCreatedAccountAuthenticatesWithItsKey(TestDatabase db) {
        Accounts accounts = accounts(db);
        Accounts.Created created = accounts.create("shop", new BigDecimal("12.50"));

        assertThat(created.apiKey()).hasSize(48).matches("[A-Za-z0-9]+");
        Account account = accounts.authenticate(created.apiKey()).orElseThrow();
        assertThat(account.id()).isEqualTo(created.account().id());
        assertThat(account.name()).isEqualTo("shop");
        assertThat(account.currency()).isEqualTo("EUR");
        assertThat(account.defaultCountry()).isEqualTo("DE");
        assertThat(account.reloadLock()).isTrue();
        assertThat(account.dailyLimit()).isZero();
        assertThat(account.signingSecret()).hasSize(40).isEqualTo(created.account().signingSecret());
        assertThat(account.toString()).doesNotContain(account.signingSecret());
        assertThat(accounts.balance(account.id())).isEqualByComparingTo("12.50");
        assertThat(accounts.find(account.id())).contains(account);
        assertThat(accounts.count()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theKeyIsStoredOnlyAsItsSha256(TestDatabase db) throws Exception {
        Accounts accounts = accounts(db);
        Accounts.Created created = accounts.create("shop", BigDecimal.ONE);
        String key = created.apiKey();

        for (String table : List.of("api_keys", "accounts", "ledger")) {
            assertThat(allValues(table)).as(table).noneMatch(v -> v.contains(key));
        }
        assertThat(queryLong(store, "SELECT COUNT(*) FROM api_keys WHERE key_hash = ?", sha256Hex(key))).isEqualTo(1);
        assertThat(store.<String>read(sql -> {
            try (ResultSet rs = sql.connection().createStatement().executeQuery("SELECT key_hash, key_hint FROM api_keys")) {
                rs.next();
                return rs.getString(1) + " " + rs.getString(2);
            }
        })).matches("[0-9a-f]{64} " + key.substring(0, 6));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void wrongOrMissingKeysDoNotAuthenticate(TestDatabase db) {
        Accounts accounts = accounts(db);
        String key = accounts.create("shop", BigDecimal.ONE).apiKey();
        String other = accounts.create("other", BigDecimal.ONE).apiKey();
        char last = key.charAt(47);
        String almost = key.substring(0, 47) + (last == 'a' ? 'b' : 'a');

        assertThat(accounts.authenticate(almost)).isEmpty();
        assertThat(accounts.authenticate(key.toLowerCase().equals(key) ? key.toUpperCase() : key.toLowerCase())).isEmpty();
        assertThat(accounts.authenticate(key + " ")).isEmpty();
        assertThat(accounts.authenticate(sha256Hash(key))).as("the stored hash is not a key").isEmpty();
        assertThat(accounts.authenticate("")).isEmpty();
        assertThat(accounts.authenticate(null)).isEmpty();
        assertThat(accounts.authenticate("x".repeat(10_000))).isEmpty();
        assertThat(accounts.authenticate(other).orElseThrow().name()).isEqualTo("other");
    }

    private static String sha256Hash(String key) {
        try {
            return sha256Hex(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRevokedKeyStopsWorkingOnceTheCacheExpires(TestDatabase db) {
        Accounts accounts = accounts(db);
        String key = accounts.create("shop", BigDecimal.ONE).apiKey();
        assertThat(accounts.authenticate(key)).isPresent();

        store.write(sql -> sql.update("UPDATE api_keys SET revoked_at = ?", clock.millis()));
        clock.advance(Duration.ofMillis(Accounts.CACHE_MILLIS + 1));
        assertThat(accounts.authenticate(key)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aNonceIsAcceptedOncePerAccount(TestDatabase db) {
        Accounts accounts = accounts(db);
        long a = accounts.create("a", BigDecimal.ONE).account().id();
        long b = accounts.create("b", BigDecimal.ONE).account().id();
        long expires = clock.millis() + 60_000;
        String nonce = "0123456789abcdef0123456789abcdef";

        assertThat(accounts.acceptNonce(a, nonce, expires)).isTrue();
        assertThat(accounts.acceptNonce(a, nonce, expires)).as("replay").isFalse();
        assertThat(accounts.acceptNonce(b, nonce, expires)).as("same nonce, other account").isTrue();
        assertThat(accounts.acceptNonce(a, nonce + "x", expires)).isTrue();

        clock.advance(Duration.ofSeconds(30));
        assertThat(accounts.acceptNonce(a, nonce, expires)).as("still remembered before it expires").isFalse();
        // past its expiry the nonce is forgotten (its request's timestamp alone would fail by then)
        clock.advance(Duration.ofSeconds(31));
        assertThat(accounts.acceptNonce(a, "another", clock.millis() + 60_000)).isTrue();
        assertThat(queryLong(store, "SELECT COUNT(*) FROM request_nonces WHERE account_id = ? AND nonce = ?", a, nonce)).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void creditsAddToTheBalanceThroughTheLedger(TestDatabase db) {
        Accounts accounts = accounts(db);
        long id = accounts.create("shop", BigDecimal.ZERO).account().id();
        assertThat(accounts.balance(id)).isEqualByComparingTo("0");
        assertThat(queryLong(store, "SELECT COUNT(*) FROM ledger WHERE account_id = ?", id)).isZero();

        accounts.credit(id, new BigDecimal("0.1"), "topup 1");
        accounts.credit(id, new BigDecimal("0.2"), "topup 2");
        assertThat(accounts.balance(id)).isEqualByComparingTo("0.3");
        assertThat(queryLong(store, "SELECT SUM(amount_micros) FROM ledger WHERE account_id = ?", id)).isEqualTo(300_000);

        assertThatThrownBy(() -> accounts.credit(id + 1000, BigDecimal.ONE, "nobody")).isInstanceOf(StoreException.class);
        assertThat(queryLong(store, "SELECT COUNT(*) FROM ledger")).isEqualTo(2);
    }
}
