package io.ringway.store;

import io.ringway.testing.TestDatabase;

import static io.ringway.testing.TestDatabase.queryLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Opening stores: migrations on both databases, reopening, and a second process on the same SQLite file. */
class StoreSchemaTest {
    private final List<Store> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(Store::close);
    }

    private Store open(TestDatabase db, String url) {
        Store s = db.open(url);
        stores.add(s);
        return s;
    }

    private static List<String> tables(Store store) {
        return store.read(sql -> {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = sql.connection().getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
            return names;
        });
    }

    private static long insertAccount(Sql sql, String name) throws java.sql.SQLException {
        return sql.insertReturningId("""
                INSERT INTO accounts (name, currency, balance_micros, default_country, reload_lock, daily_limit, signing_secret, created_at)
                VALUES (?, 'EUR', 0, 'DE', TRUE, 0, 's', 0) RETURNING id""", name);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void migrationsCreateTheWholeSchema(TestDatabase db) {
        Store store = open(db, db.freshUrl());
        assertThat(store.dialect().name()).isEqualTo(db.name());
        assertThat(tables(store)).contains("accounts", "api_keys", "ledger", "messages", "reload_locks", "daily_counts",
                "request_nonces", "sandbox_submits", "webhooks", "flyway_schema_history");
        assertThat(queryLong(store, 
                "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1' AND success = TRUE")).isEqualTo(1);
        // ${pk} became a generated key on this dialect: ids are handed out and never reused
        long a = store.write(sql -> insertAccount(sql, "a"));
        long b = store.write(sql -> insertAccount(sql, "b"));
        assertThat(b).isGreaterThan(a);
        store.write(sql -> sql.update("DELETE FROM accounts WHERE id = ?", b));
        assertThat(store.<Long>write(sql -> insertAccount(sql, "c"))).isGreaterThan(b);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void reopeningKeepsDataAndDoesNotMigrateAgain(TestDatabase db) {
        String url = db.freshUrl();
        Store first = open(db, url);
        long id = first.write(sql -> insertAccount(sql, "kept"));
        long migrations = queryLong(first, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = TRUE");
        assertThat(migrations).isPositive();
        first.close();
        stores.remove(first);

        Store again = open(db, url);
        assertThat(queryLong(again, "SELECT COUNT(*) FROM accounts WHERE id = ? AND name = 'kept'", id)).isEqualTo(1);
        assertThat(queryLong(again, "SELECT COUNT(*) FROM flyway_schema_history")).as("nothing ran again").isEqualTo(migrations);
    }

    /** What {@code ringway keys create} does while a server runs on the same data directory. */
    @Test
    void aSecondStoreOnTheSameSqliteFileCanWriteWhileTheFirstIsOpenAndIdle() {
        String url = TestDatabase.SQLITE.freshUrl();
        Store server = open(TestDatabase.SQLITE, url);
        long serverRow = server.write(sql -> insertAccount(sql, "server"));
        queryLong(server, "SELECT COUNT(*) FROM accounts");

        // the busy timeout is 15 s: a write lock held by the idle server would show up as a 15 s wait, then an error
        assertTimeoutPreemptively(Duration.ofSeconds(8), () -> {
            Store cli = open(TestDatabase.SQLITE, url);
            long cliRow = cli.write(sql -> insertAccount(sql, "cli"));
            assertThat(queryLong(server, "SELECT COUNT(*) FROM accounts WHERE id = ? AND name = 'cli'", cliRow))
                    .isEqualTo(1);
            long later = server.write(sql -> insertAccount(sql, "server again"));
            assertThat(queryLong(cli, "SELECT COUNT(*) FROM accounts WHERE id IN (?, ?)", serverRow, later))
                    .isEqualTo(2);
            cli.close();
            stores.remove(cli);
            // and the server keeps working after the other process left
            assertThat(server.<Long>write(sql -> insertAccount(sql, "after cli"))).isGreaterThan(later);
        });
    }

    @Test
    void sqliteStoreCreatesItsDataDirectory(@TempDir Path tmp) {
        Path file = tmp.resolve("deep/er/ringway.db");
        Store store = open(TestDatabase.SQLITE, "jdbc:sqlite:" + file);
        store.write(sql -> insertAccount(sql, "x"));
        assertThat(Files.isRegularFile(file)).isTrue();
    }

    @Test
    void sqliteRunsInWalModeWithFullSync() {
        Store store = open(TestDatabase.SQLITE, TestDatabase.SQLITE.freshUrl());
        store.write(sql -> {
            try (ResultSet rs = sql.connection().createStatement().executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
            try (ResultSet rs = sql.connection().createStatement().executeQuery("PRAGMA synchronous")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("synchronous=FULL").isEqualTo(2);
            }
            return null;
        });
    }

    @Test
    void anUnsupportedDatabaseUrlIsRefused() {
        assertThatThrownBy(() -> Store.open(new Store.Options("jdbc:mysql://localhost/x", "", "", 1, 1)))
                .hasMessageContaining("unsupported database URL");
    }
}
