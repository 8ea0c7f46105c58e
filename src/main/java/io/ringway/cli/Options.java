package io.ringway.cli;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by subcommands that read the configuration. */
final class Options {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (SQLite store). Default: ./data")
    Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
    Path config;

    RingwayConfig load(Integer port) {
        ConfigLoader loader = ConfigLoader.fromEnvironment();
        if (config != null) loader.file(config);
        if (data != null) loader.set("data_dir", data.toString());
        if (port != null) loader.set("server.port", port.toString());
        return loader.load();
    }
}
