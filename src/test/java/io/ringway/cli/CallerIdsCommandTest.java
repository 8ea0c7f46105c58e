package io.ringway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** callerids add|list|remove, checked through which {@code from} /api/voice then accepts. */
class CallerIdsCommandTest {
    private final Path data = CommandRun.dataDir();

    @AfterEach
    void cleanUp() { TestGateway.deleteTree(data); }

    private static CommandRun ringway(String... args) { return CommandRun.of(args); }

    @Test
    void aCallerIdAddedOnTheCommandLineIsAcceptedAsFromAndOthersAreNot() throws Exception {
        CommandRun created = ringway("keys", "create", "--data", data.toString(), "--json", "--balance", "5");
        assertThat(created.exit()).as(created.err()).isZero();
        var json = new ObjectMapper().readTree(created.out());
        String account = json.get("account").asText(), key = json.get("key").asText();

        CommandRun add = ringway("callerids", "add", "+49 30 1234567", "--account", account, "--data", data.toString());
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(ringway("numbers", "add", "4915100000001", "--account", account, "--data", data.toString()).exit()).isZero();
        assertThat(ringway("callerids", "add", "4930111", "--account", "99", "--data", data.toString()).err()).contains("no account 99");
        CommandRun list = ringway("callerids", "list", "--account", account, "--data", data.toString());
        assertThat(list.out().lines()).containsExactly("4915100000001", "49301234567");

        try (TestGateway g = TestGateway.startOn(data, Map.of("RINGWAY_SANDBOX_VOICE_SPEED", "50"))) {
            assertThat(g.postForm("/api/voice", "p=" + key + "&to=4915112345678&from=0049301234567&text=hi").body()).startsWith("100\n");
            assertThat(g.postForm("/api/voice", "p=" + key + "&to=4915112345678&from=%2B4915100000001&text=hi").body()).startsWith("100\n");
            assertThat(g.postForm("/api/voice", "p=" + key + "&to=4915112345678&from=4930999&text=hi").body()).isEqualTo("201");
        }
        CommandRun remove = ringway("callerids", "remove", "49301234567", "--account", account, "--data", data.toString());
        assertThat(remove.exit()).as(remove.err()).isZero();
        assertThat(ringway("callerids", "remove", "49301234567", "--account", account, "--data", data.toString()).exit()).isEqualTo(1);
        try (TestGateway g = TestGateway.startOn(data, Map.of("RINGWAY_SANDBOX_VOICE_SPEED", "50"))) {
            assertThat(g.postForm("/api/voice", "p=" + key + "&to=4915112345678&from=49301234567&text=hi").body()).isEqualTo("201");
        }
    }
}
