package io.ringway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ringway}: the command line. */
@Command(name = "ringway", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "Ringway 0.1",
        description = "Self-hosted SMS and voice-call gateway (sms77 and Voice2Phone APIs).",
        subcommands = {ServeCommand.class, KeysCommand.class, AccountsCommand.class, NumbersCommand.class, CallerIdsCommand.class, WarmupCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        if (code != 0) System.exit(code);
    }

    @Override
    public void run() { spec.commandLine().usage(System.out); }
}
