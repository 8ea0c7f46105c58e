package io.ringway.cli;

import io.ringway.account.Account;
import io.ringway.account.Accounts;
import io.ringway.message.Messages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code ringway accounts show|set|credit}: what an operator changes by hand. Works beside a running server. */
@Command(name = "accounts", description = "Shows and changes accounts (settings, balance).",
        subcommands = {AccountsCommand.Show.class, AccountsCommand.Set.class, AccountsCommand.Credit.class})
final class AccountsCommand {
    private static final java.util.Set<String> COUNTRIES = java.util.Set.of(Locale.getISOCountries());

    /** The account a subcommand works on. */
    static final class Target {
        @Mixin
        Options options;

        @Option(names = "--account", required = true, paramLabel = "ID")
        long id;

        /** Runs the action on the configured store and prints the account it returns, or that there is none. */
        int print(Function<Accounts, Optional<Account>> action) {
            return options.withAccounts(accounts -> {
                Optional<Account> account = action.apply(accounts);
                if (account.isEmpty()) {
                    System.err.println("ringway: no account " + id);
                    return 1;
                }
                Account a = account.get();
                System.out.println("account:         " + a.id() + " (" + a.name() + ")");
                System.out.println("balance:         " + accounts.balance(a.id()).toPlainString() + " " + a.currency());
                System.out.println("default sender:  " + (a.defaultSender() == null ? "(server default)" : a.defaultSender()));
                System.out.println("default country: " + a.defaultCountry());
                System.out.println("reload lock:     " + (a.reloadLock() ? "on" : "off"));
                System.out.println("daily limit:     " + (a.dailyLimit() == 0 ? "none" : a.dailyLimit() + " per recipient"));
                return 0;
            });
        }
    }

    @Command(name = "show", description = "Prints an account's settings and balance.")
    static final class Show implements Callable<Integer> {
        @Mixin
        Target account;

        @Override
        public Integer call() { return account.print(a -> a.find(account.id)); }
    }

    @Command(name = "set", description = "Changes an account's settings.")
    static final class Set implements Callable<Integer> {
        @Mixin
        Target account;

        @Option(names = "--sender", paramLabel = "FROM", description = "Default sender (empty: the server's default).")
        String sender;

        @Option(names = "--country", paramLabel = "CC", description = "Country of national numbers (ISO 3166, e.g. DE).")
        String country;

        @Option(names = "--reload-lock", paramLabel = "on|off", description = "The 180 s reload lock.")
        String reloadLock;

        @Option(names = "--daily-limit", paramLabel = "N", description = "SMS per recipient and day (0: no limit).")
        Integer dailyLimit;

        @Override
        public Integer call() {
            String cc = country == null ? null : country.toUpperCase(Locale.ROOT);
            if (cc != null && !COUNTRIES.contains(cc)) return usage("--country must be an ISO 3166 alpha-2 code");
            if (reloadLock != null && !reloadLock.equals("on") && !reloadLock.equals("off")) return usage("--reload-lock is on or off");
            if (dailyLimit != null && dailyLimit < 0) return usage("--daily-limit must not be negative");
            if (sender != null && !sender.isEmpty() && !Messages.validSender(sender)) {
                return usage("--sender must be 1-16 digits or 1-11 alphanumeric characters");
            }
            Boolean lock = reloadLock == null ? null : reloadLock.equals("on");
            return account.print(a -> a.update(account.id, new Accounts.Settings(sender, cc, lock, dailyLimit)));
        }
    }

    @Command(name = "credit", description = "Adds to an account's balance (a ledger entry).")
    static final class Credit implements Callable<Integer> {
        @Mixin
        Target account;

        @Option(names = "--amount", required = true, paramLabel = "EUR")
        BigDecimal amount;

        @Option(names = "--reference", paramLabel = "TEXT", description = "What the ledger entry says. Default: manual top-up")
        String reference = "manual top-up";

        @Override
        public Integer call() {
            if (amount.signum() <= 0) return usage("--amount must be positive");
            return account.print(a -> {
                if (a.find(account.id).isEmpty()) return Optional.empty();
                a.credit(account.id, amount, reference);
                return a.find(account.id);
            });
        }
    }

    private static int usage(String problem) {
        System.err.println("ringway: " + problem);
        return 2;
    }
}
