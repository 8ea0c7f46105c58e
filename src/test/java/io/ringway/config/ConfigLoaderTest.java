package io.ringway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path p = dir.resolve("ringway-" + System.nanoTime() + ".yml");
        Files.writeString(p, text);
        return p;
    }

    private static RingwayConfig defaults() { return ConfigLoader.withEnvironment(Map.of()).load(); }

    private RingwayConfig load(String yamlText, Map<String, String> env) throws IOException {
        return ConfigLoader.withEnvironment(env).file(yaml(yamlText)).load();
    }

    @Test
    void theEmbeddedDefaultsLoad() {
        RingwayConfig c = defaults();
        assertThat(c.server().host()).isEqualTo("0.0.0.0");
        assertThat(c.server().port()).isEqualTo(8077);
        assertThat(c.server().trustForwardedHeaders()).isFalse();
        assertThat(c.dataDir()).isEqualTo("./data");
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:sqlite:" + Path.of("./data").resolve("ringway.db").toAbsolutePath());
        assertThat(c.db().poolSize()).isEqualTo(8);
        assertThat(c.db().maxBatch()).isEqualTo(512);
        assertThat(c.zone()).isEqualTo(ZoneId.systemDefault());
        assertThat(c.accounts().defaultCountry()).isEqualTo("DE");
        assertThat(c.accounts().defaultReloadLock()).isTrue();
        assertThat(c.accounts().firstAccountBalance()).isEqualByComparingTo("10.00");
        assertThat(c.sms().defaultSender()).isEqualTo("Ringway");
        assertThat(c.sms().defaultTtlMinutes()).isEqualTo(2880);
        assertThat(c.sms().reloadLockSeconds()).isEqualTo(180);
        assertThat(c.pricing().currency()).isEqualTo("EUR");
        assertThat(c.pricing().defaultPrice()).isEqualByComparingTo("0.090");
        assertThat(c.pricing().sms()).filteredOn(e -> e.country().equals("DE")).singleElement()
                .satisfies(e -> assertThat(e.price()).isEqualByComparingTo("0.075"));
        assertThat(c.sandbox().receiptDelayMs()).isEqualTo(1000);
    }

    @Test
    void aYamlFileOverridesOnlyWhatItNames() throws IOException {
        RingwayConfig c = load("""
                server:
                  port: 9000
                timezone: Europe/Berlin
                sandbox:
                  receipt_delay_ms: 50
                pricing:
                  default_price: 0.1
                  sms:
                    - {country: "AT", price: 0.05, prefix: "43664"}
                """, Map.of());
        assertThat(c.server().port()).isEqualTo(9000);
        assertThat(c.server().host()).as("sibling keys keep their defaults").isEqualTo("0.0.0.0");
        assertThat(c.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(c.sandbox().receiptDelayMs()).isEqualTo(50);
        assertThat(c.pricing().currency()).isEqualTo("EUR");
        assertThat(c.pricing().defaultPrice()).isEqualByComparingTo("0.1");
        assertThat(c.pricing().sms()).as("a list replaces the default list").singleElement()
                .satisfies(e -> assertThat(e.prefix()).isEqualTo("43664"));
    }

    @Test
    void anEmptyFileMeansDefaults() throws IOException {
        assertThat(load("", Map.of())).isEqualTo(defaults());
        assertThat(load("# only a comment\n", Map.of())).isEqualTo(defaults());
    }

    @Test
    void ringwayEnvironmentVariablesOverrideFileAndDefaults() throws IOException {
        RingwayConfig c = load("server:\n  port: 9000\nsandbox:\n  receipt_delay_ms: 50\n", Map.of(
                "RINGWAY_SANDBOX_RECEIPT_DELAY_MS", "25",
                "RINGWAY_DB_URL", "jdbc:postgresql://db.example:5432/ringway",
                "RINGWAY_DB_USER", "gw",
                "RINGWAY_SERVER_PORT", "9100",
                "RINGWAY_DATA_DIR", "/var/lib/ringway",
                "RINGWAY_ACCOUNTS_DEFAULT_RELOAD_LOCK", "false",
                "RINGWAY_PRICING_DEFAULT_PRICE", "0.12",
                "PATH", "/usr/bin"));
        assertThat(c.sandbox().receiptDelayMs()).isEqualTo(25);
        assertThat(c.db().url()).isEqualTo("jdbc:postgresql://db.example:5432/ringway");
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5432/ringway");
        assertThat(c.db().user()).isEqualTo("gw");
        assertThat(c.server().port()).isEqualTo(9100);
        assertThat(c.dataDir()).isEqualTo("/var/lib/ringway");
        assertThat(c.accounts().defaultReloadLock()).isFalse();
        assertThat(c.pricing().defaultPrice()).isEqualByComparingTo(new BigDecimal("0.12"));
    }

    @Test
    void commandLineValuesBeatTheEnvironment() {
        RingwayConfig c = ConfigLoader.withEnvironment(Map.of("RINGWAY_SERVER_PORT", "9100", "RINGWAY_DATA_DIR", "/env"))
                .set("server.port", "8123").set("data_dir", "/cli").load();
        assertThat(c.server().port()).isEqualTo(8123);
        assertThat(c.dataDir()).isEqualTo("/cli");
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:sqlite:" + Path.of("/cli/ringway.db").toAbsolutePath());
    }

    @Test
    void anUnknownKeyIsAnErrorNamingIt() {
        assertThatThrownBy(() -> load("server:\n  prot: 8080\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.prot");
        assertThatThrownBy(() -> load("sandboxx:\n  receipt_delay_ms: 1\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sandboxx");
    }

    @Test
    void aValueOfTheWrongTypeIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.withEnvironment(Map.of("RINGWAY_SERVER_PORT", "eighty")).load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("eighty").hasMessageContaining("server.port");
        assertThatThrownBy(() -> load("sandbox:\n  receipt_delay_ms: soon\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sandbox.receipt_delay_ms");
        assertThatThrownBy(() -> load("pricing:\n  sms:\n    - {country: \"DE\", price: cheap}\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("pricing.sms[0].price");
    }

    @Test
    void everyInvalidValueIsListedInOneError() {
        assertThatThrownBy(() -> load("""
                server: {port: 70000, max_body_bytes: 10}
                db: {url: "jdbc:mysql://localhost/x", pool_size: 0, max_batch: 0}
                timezone: Mars/Olympus_Mons
                accounts: {default_country: XX, first_account_balance: -1}
                sms: {default_ttl_minutes: 0, reload_lock_seconds: -1, max_recipients: 0}
                pricing:
                  default_price: -0.01
                  sms:
                    - {country: "ZZ", prefix: "4a9", price: -1}
                sandbox: {receipt_delay_ms: -5}
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContainingAll("server.port", "server.max_body_bytes", "db.url", "jdbc:mysql://localhost/x",
                        "db.pool_size", "db.max_batch", "timezone", "Mars/Olympus_Mons", "accounts.default_country", "XX",
                        "accounts.first_account_balance", "sms.default_ttl_minutes", "sms.reload_lock_seconds",
                        "sms.max_recipients", "pricing.default_price", "pricing.sms[0].country", "pricing.sms[0].prefix",
                        "pricing.sms[0].price", "sandbox.receipt_delay_ms");
    }

    @Test
    void norwayWorksInQuotesAndUnquotedNoGetsAHint() throws IOException {
        RingwayConfig c = load("accounts:\n  default_country: \"NO\"\npricing:\n  sms:\n    - {country: \"NO\", price: 0.059}\n", Map.of());
        assertThat(c.accounts().defaultCountry()).isEqualTo("NO");
        assertThat(c.pricing().sms().get(0).country()).isEqualTo("NO");
        assertThat(defaults().pricing().sms()).anyMatch(e -> e.country().equals("NO"));

        RingwayConfig env = ConfigLoader.withEnvironment(Map.of("RINGWAY_ACCOUNTS_DEFAULT_COUNTRY", "NO")).load();
        assertThat(env.accounts().defaultCountry()).isEqualTo("NO");

        assertThatThrownBy(() -> load("pricing:\n  sms:\n    - {country: NO, price: 0.059}\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("pricing.sms[0].country").hasMessageContaining("quotes");
    }

    @Test
    void fileProblemsAreConfigExceptions() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.withEnvironment(Map.of()).file(dir.resolve("missing.yml")).load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("not found").hasMessageContaining("missing.yml");
        assertThatThrownBy(() -> load("server: [unclosed\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> load("- a\n- b\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mapping");
        assertThatThrownBy(() -> load("server: null\n", Map.of()))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void environmentNamesDoNotDependOnTheServersLocale() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR")); // "i".toUpperCase() is "İ" there
            RingwayConfig c = ConfigLoader.withEnvironment(Map.of("RINGWAY_DATA_DIR", "/srv/ringway",
                    "RINGWAY_PRICING_DEFAULT_PRICE", "0.2")).load();
            assertThat(c.dataDir()).isEqualTo("/srv/ringway");
            assertThat(c.pricing().defaultPrice()).isEqualByComparingTo("0.2");
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }
}
