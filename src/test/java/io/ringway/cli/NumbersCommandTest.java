package io.ringway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.inbound.Inbound;
import io.ringway.inbound.InboundMessage;
import io.ringway.inbound.InboundSms;
import io.ringway.store.Store;
import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** numbers add|list|remove, checked through where an inbound SMS to the number then goes. */
class NumbersCommandTest {
    private final Path data = CommandRun.dataDir();

    @AfterEach
    void cleanUp() { TestGateway.deleteTree(data); }

    private static CommandRun ringway(String... args) { return CommandRun.of(args); }

    private String newAccount() throws Exception {
        CommandRun created = ringway("keys", "create", "--data", data.toString(), "--json");
        assertThat(created.exit()).as(created.err()).isZero();
        return new ObjectMapper().readTree(created.out()).get("account").asText();
    }

    @Test
    void aNumberAddedOnTheCommandLineTakesItsSmsToTheAccount() throws Exception {
        String shop = newAccount();
        String other = newAccount();
        CommandRun add = ringway("numbers", "add", "+49 151 0000 0001", "--account", shop, "--data", data.toString());
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).contains("4915100000001 -> account " + shop);
        assertThat(ringway("numbers", "add", "80888", "--account", other, "--data", data.toString()).exit()).isZero();

        CommandRun taken = ringway("numbers", "add", "004915100000001", "--account", other, "--data", data.toString());
        assertThat(taken.exit()).isEqualTo(1);
        assertThat(taken.err()).contains("belongs to account " + shop);
        CommandRun noAccount = ringway("numbers", "add", "4915100000005", "--account", "77", "--data", data.toString());
        assertThat(noAccount.exit()).isEqualTo(1);
        assertThat(noAccount.err()).contains("no account 77");
        CommandRun national = ringway("numbers", "add", "0151 00000009", "--account", other, "--data", data.toString());
        assertThat(national.err()).contains("looks national");

        CommandRun list = ringway("numbers", "list", "--data", data.toString());
        assertThat(list.exit()).isZero();
        assertThat(list.out().lines().toList()).hasSize(3)
                .anySatisfy(l -> assertThat(l).startsWith("4915100000001").contains("account " + shop))
                .anySatisfy(l -> assertThat(l).startsWith("80888").contains("account " + other));

        try (Store store = Store.open(Store.Options.sqlite(data.resolve("ringway.db")))) {
            Inbound inbound = new Inbound(store, null, Clock.systemUTC(), ZoneOffset.UTC, 0);
            inbound.received(new InboundSms("smsc1", "4917600000001", "4915100000001", 0, 0, "Hi".getBytes(StandardCharsets.US_ASCII),
                    null, null, null, null, System.currentTimeMillis())).get();
            List<InboundMessage> got = inbound.journal(Long.parseLong(shop), new Inbound.JournalQuery(null, null, null, null, 10, 0));
            assertThat(got).extracting(InboundMessage::text).containsExactly("Hi");
        }

        assertThat(ringway("numbers", "remove", "+4915100000001", "--data", data.toString()).out()).contains("4915100000001 removed");
        CommandRun again = ringway("numbers", "remove", "4915100000001", "--data", data.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("no account owns 4915100000001");
        assertThat(ringway("numbers", "list", "--data", data.toString()).out()).doesNotContain("4915100000001");
        assertThat(ringway("numbers", "add", "--help").out()).contains("--account", "NUMBER");
    }
}
