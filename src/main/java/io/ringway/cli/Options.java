package io.ringway.cli;

import io.ringway.Ringway;
import io.ringway.account.Accounts;
import io.ringway.config.ConfigException;
import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.store.Store;
import io.ringway.store.StoreException;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.ToIntBiFunction;
import java.util.function.ToIntFunction;

/** Options shared by subcommands that read the configuration. */
final class Options {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (SQLite store). Default: ./data")
    Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
    Path config;

    RingwayConfig load(Integer port) { return load(port, java.util.List.of(), java.util.List.of()); }

    /** {@code smpp}, {@code sip}: connector and trunk URLs from the command line; they replace the configured ones. */
    RingwayConfig load(Integer port, java.util.List<String> smpp, java.util.List<String> sip) {
        ConfigLoader loader = ConfigLoader.fromEnvironment();
        if (!smpp.isEmpty()) loader.setList("smpp.connectors", smpp);
        if (!sip.isEmpty()) loader.setList("sip.trunks", sip);
        if (config != null) loader.file(config);
        if (data != null) loader.set("data_dir", data.toString());
        if (port != null) loader.set("server.port", port.toString());
        return loader.load();
    }

    /**
     * Opens the configured store (beside a running server, if any), runs {@code body} with its accounts and returns
     * its exit code; a configuration or store problem is printed and exits with 1.
     */
    int withAccounts(ToIntFunction<Accounts> body) {
        return withStore((store, config) -> body.applyAsInt(Ringway.accounts(store, config, Clock.systemUTC())));
    }

    /** The same with the store itself (for the inbound numbers). */
    int withStore(ToIntBiFunction<Store, RingwayConfig> body) {
        try {
            RingwayConfig config = load(null);
            try (Store store = Store.open(Ringway.storeOptions(config))) {
                return body.applyAsInt(store, config);
            }
        } catch (ConfigException | StoreException e) {
            System.err.println("ringway: " + e.getMessage());
            return 1;
        }
    }
}
