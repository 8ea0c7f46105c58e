package io.ringway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** keys create and accounts show/set/credit, checked through what the API then does for the account. */
class AccountsCommandTest {
    private final Path data = CommandRun.dataDir();

    @AfterEach
    void cleanUp() { TestGateway.deleteTree(data); }

    private static CommandRun ringway(String... args) { return CommandRun.of(args); }

    @Test
    void settingsAndCreditsTakeEffectInTheApi() throws Exception {
        CommandRun created = ringway("keys", "create", "--data", data.toString(), "--balance", "1", "--name", "shop", "--json");
        assertThat(created.exit()).isZero();
        var json = new ObjectMapper().readTree(created.out());
        String key = json.get("key").asText();
        String account = json.get("account").asText();
        assertThat(json.get("signing_secret").asText()).hasSize(40);

        CommandRun set = ringway("accounts", "set", "--data", data.toString(), "--account", account, "--sender", "Shop24",
                "--country", "at", "--reload-lock", "off", "--daily-limit", "2");
        assertThat(set.exit()).isZero();
        assertThat(set.out()).contains("default sender:  Shop24", "default country: AT", "reload lock:     off", "daily limit:     2 per recipient");
        CommandRun credit = ringway("accounts", "credit", "--data", data.toString(), "--account", account, "--amount", "2.50");
        assertThat(credit.out()).contains("balance:         3.5 EUR");

        try (TestGateway gw = TestGateway.startOn(data, Map.of())) {
            var first = new ObjectMapper().readTree(gw.get("/api/sms?p=" + key + "&json=1&to=06641234567&text=same").body());
            assertThat(first.get("messages").get(0).get("sender").asText()).isEqualTo("Shop24");
            assertThat(first.get("messages").get(0).get("recipient").asText()).isEqualTo("436641234567");
            assertThat(gw.get("/api/sms?p=" + key + "&to=06641234567&text=same").body()).as("reload lock off").isEqualTo("100");
            assertThat(gw.get("/api/sms?p=" + key + "&to=06641234567&text=third").body()).as("daily limit 2").isEqualTo("403");
            assertThat(gw.get("/api/balance?p=" + key).body()).isEqualTo("3.342");
        }
    }

    @Test
    void everySubcommandExplainsItself() {
        CommandRun help = ringway("accounts", "set", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--reload-lock", "--daily-limit", "--data");
        assertThat(ringway("keys", "create", "--help").out()).contains("--balance", "--json");
    }

    @Test
    void badValuesAreRefusedWithoutTouchingTheAccount() {
        String account = "1";
        assertThat(ringway("keys", "create", "--data", data.toString()).exit()).isZero();
        assertThat(ringway("accounts", "set", "--data", data.toString(), "--account", account, "--country", "XX").exit()).isEqualTo(2);
        assertThat(ringway("accounts", "set", "--data", data.toString(), "--account", account, "--sender", "TwelveChars1").exit()).isEqualTo(2);
        assertThat(ringway("accounts", "set", "--data", data.toString(), "--account", account, "--reload-lock", "maybe").exit()).isEqualTo(2);
        assertThat(ringway("accounts", "credit", "--data", data.toString(), "--account", account, "--amount", "-1").exit()).isEqualTo(2);
        CommandRun missing = ringway("accounts", "show", "--data", data.toString(), "--account", "42");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no account 42");
        assertThat(ringway("accounts", "show", "--data", data.toString(), "--account", account).out())
                .contains("default country: DE", "reload lock:     on", "daily limit:     none");
    }
}
