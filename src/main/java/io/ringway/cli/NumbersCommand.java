package io.ringway.cli;

import io.ringway.inbound.InboundNumbers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ringway numbers add|list|remove}: which account owns which receiving number, so inbound SMS to the number
 * reach that account (its journal and {@code sms_mo} webhooks). Works beside a running server; the next SMS counts.
 */
@Command(name = "numbers", description = "Assigns receiving numbers (inbound SMS) to accounts.",
        subcommands = {NumbersCommand.Add.class, NumbersCommand.ListNumbers.class, NumbersCommand.Remove.class})
final class NumbersCommand {
    private static final DateTimeFormatter ADDED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Command(name = "add", description = "Gives a number to an account: SMS sent to it become the account's inbound SMS.")
    static final class Add implements Callable<Integer> {
        @Mixin
        Options options;

        @Parameters(paramLabel = "NUMBER", description = "International (+49151…, 0049151… or 49151…) or a short code.")
        String number;

        @Option(names = "--account", required = true, paramLabel = "ID")
        long account;

        @Override
        public Integer call() {
            return options.withStore((store, config) -> {
                InboundNumbers.Added added = new InboundNumbers(store, Clock.systemUTC()).add(number, account);
                if (added.entry() == null) {
                    System.err.println("ringway: " + added.problem());
                    return 1;
                }
                System.out.println(added.entry().number() + " -> account " + added.entry().accountId());
                if (number.strip().startsWith("0") && !number.strip().startsWith("00")) {
                    System.err.println("ringway: note: " + number + " looks national; SMSCs send the receiving number international "
                            + "(e.g. 49151… for 0151… in Germany), which is what must be added");
                }
                return 0;
            });
        }
    }

    @Command(name = "list", description = "Lists every number and its account.")
    static final class ListNumbers implements Callable<Integer> {
        @Mixin
        Options options;

        @Override
        public Integer call() {
            return options.withStore((store, config) -> {
                List<InboundNumbers.Entry> numbers = new InboundNumbers(store, Clock.systemUTC()).list();
                if (numbers.isEmpty()) System.out.println("no numbers (ringway numbers add NUMBER --account ID)");
                ZoneId zone = config.zone();
                for (InboundNumbers.Entry e : numbers) {
                    System.out.printf("%-20s account %-6d added %s%n", e.number(), e.accountId(),
                            ADDED.format(Instant.ofEpochMilli(e.createdAt()).atZone(zone)));
                }
                return 0;
            });
        }
    }

    @Command(name = "remove", description = "Takes a number from its account (received SMS stay with it).")
    static final class Remove implements Callable<Integer> {
        @Mixin
        Options options;

        @Parameters(paramLabel = "NUMBER")
        String number;

        @Override
        public Integer call() {
            return options.withStore((store, config) -> {
                if (!new InboundNumbers(store, Clock.systemUTC()).remove(number)) {
                    System.err.println("ringway: no account owns " + InboundNumbers.normalize(number));
                    return 1;
                }
                System.out.println(InboundNumbers.normalize(number) + " removed");
                return 0;
            });
        }
    }
}
