package io.ringway.cli;

import io.ringway.Ringway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * Runs only the start-up warm-up workload and exits. The launcher runs it once per build under
 * {@code -XX:AOTCacheOutput} so the JVM records which classes and methods the request path needs.
 */
@Command(name = "warmup", hidden = true, description = "Drives a throwaway gateway for a while, then exits (AOT cache training).")
final class WarmupCommand implements Callable<Integer> {
    @Option(names = "--seconds", description = "How long. Default: 15")
    int seconds = 15;

    @Override
    public Integer call() {
        Ringway.warmUp(seconds);
        return 0;
    }
}
