package io.ringway.cli;

import io.ringway.Ringway;
import io.ringway.call.CallerIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ringway callerids add|list|remove}: the numbers an account may call from ({@code from} of /api/voice),
 * besides its inbound numbers and the shared ones ({@code voice.shared_caller_ids}). Verifying that the customer
 * owns a number is the operator's business before adding it. Works beside a running server.
 */
@Command(name = "callerids", description = "Caller IDs accounts may place calls from.",
        subcommands = {CallerIdsCommand.Add.class, CallerIdsCommand.ListIds.class, CallerIdsCommand.Remove.class})
final class CallerIdsCommand {

    @Command(name = "add", description = "Lets an account call from a number (after you verified that it is theirs).")
    static final class Add implements Callable<Integer> {
        @Mixin
        Options options;

        @Parameters(paramLabel = "NUMBER", description = "International: +49151…, 0049151… or 49151…")
        String number;

        @Option(names = "--account", required = true, paramLabel = "ID")
        long account;

        @Override
        public Integer call() {
            return options.withStore((store, config) -> {
                try {
                    boolean added = Ringway.callerIds(store, config, Clock.systemUTC()).add(account, number);
                    System.out.println(number.strip() + (added ? " added to" : " was already a caller ID of") + " account " + account);
                    return 0;
                } catch (IllegalArgumentException e) {
                    System.err.println("ringway: " + e.getMessage());
                    return 1;
                }
            });
        }
    }

    @Command(name = "list", description = "Lists the numbers an account may call from (own, inbound and shared).")
    static final class ListIds implements Callable<Integer> {
        @Mixin
        Options options;

        @Option(names = "--account", required = true, paramLabel = "ID")
        long account;

        @Override
        public Integer call() {
            return options.withStore((store, config) -> {
                List<String> ids = Ringway.callerIds(store, config, Clock.systemUTC()).of(account);
                if (ids.isEmpty()) System.out.println("none: calls show no caller ID (ringway callerids add NUMBER --account ID)");
                ids.forEach(System.out::println);
                return 0;
            });
        }
    }

    @Command(name = "remove", description = "Takes a caller ID from an account.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        Options options;

        @Parameters(paramLabel = "NUMBER")
        String number;

        @Option(names = "--account", required = true, paramLabel = "ID")
        long account;

        @Override
        public Integer call() {
            return options.withStore((store, config) -> {
                if (!Ringway.callerIds(store, config, Clock.systemUTC()).remove(account, number)) {
                    System.err.println("ringway: " + number.strip() + " is not a caller ID of account " + account);
                    return 1;
                }
                System.out.println(number.strip() + " removed");
                return 0;
            });
        }
    }
}
