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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** numbers add|list|remove, checked through where an inbound SMS to the number then goes. */
class NumbersCommandTest {
    private final Path data = createDataDir();

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("ringway-cli");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void cleanUp() { TestGateway.deleteTree(data); }

    private record Run(int exit, String out, String err) {}

    private Run ringway(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new Main()).execute(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private String newAccount() throws Exception {
        Run created = ringway("keys", "create", "--data", data.toString(), "--json");
        assertThat(created.exit()).as(created.err()).isZero();
        return new ObjectMapper().readTree(created.out()).get("account").asText();
    }

    @Test
    void aNumberAddedOnTheCommandLineTakesItsSmsToTheAccount() throws Exception {
        String shop = newAccount();
        String other = newAccount();
        Run add = ringway("numbers", "add", "+49 151 0000 0001", "--account", shop, "--data", data.toString());
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).contains("4915100000001 -> account " + shop);
        assertThat(ringway("numbers", "add", "80888", "--account", other, "--data", data.toString()).exit()).isZero();

        Run taken = ringway("numbers", "add", "004915100000001", "--account", other, "--data", data.toString());
        assertThat(taken.exit()).isEqualTo(1);
        assertThat(taken.err()).contains("belongs to account " + shop);
        Run noAccount = ringway("numbers", "add", "4915100000005", "--account", "77", "--data", data.toString());
        assertThat(noAccount.exit()).isEqualTo(1);
        assertThat(noAccount.err()).contains("no account 77");
        Run national = ringway("numbers", "add", "0151 00000009", "--account", other, "--data", data.toString());
        assertThat(national.err()).contains("looks national");

        Run list = ringway("numbers", "list", "--data", data.toString());
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
        Run again = ringway("numbers", "remove", "4915100000001", "--data", data.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("no account owns 4915100000001");
        assertThat(ringway("numbers", "list", "--data", data.toString()).out()).doesNotContain("4915100000001");
        assertThat(ringway("numbers", "add", "--help").out()).contains("--account", "NUMBER");
    }
}
