package io.ringway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.account.Accounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.util.concurrent.Callable;

@Command(name = "keys", description = "Manages accounts and API keys.", subcommands = KeysCommand.Create.class)
final class KeysCommand {

    @Command(name = "create", description = "Creates an account with an API key (works while a server runs on the same data).")
    static final class Create implements Callable<Integer> {
        @Mixin
        Options options;

        @Option(names = "--balance", paramLabel = "EUR", description = "Starting balance. Default: 0")
        BigDecimal balance = BigDecimal.ZERO;

        @Option(names = "--name", paramLabel = "NAME", description = "Account name. Default: account")
        String name = "account";

        @Option(names = "--json", description = "Print {\"key\", \"signing_secret\", \"account\"} as JSON.")
        boolean json;

        @Override
        public Integer call() {
            if (balance.signum() < 0) {
                System.err.println("ringway: --balance must not be negative");
                return 2;
            }
            return options.withAccounts(accounts -> {
                Accounts.Created created = accounts.create(name, balance);
                if (json) {
                    ObjectNode o = new ObjectMapper().createObjectNode();
                    o.put("key", created.apiKey());
                    o.put("signing_secret", created.account().signingSecret());
                    o.put("account", Long.toString(created.account().id()));
                    System.out.println(o);
                } else {
                    System.out.println("account:        " + created.account().id() + " (" + created.account().name() + ")");
                    System.out.println("API key:        " + created.apiKey());
                    System.out.println("signing secret: " + created.account().signingSecret());
                }
                return 0;
            });
        }
    }
}
