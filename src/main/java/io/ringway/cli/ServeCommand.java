package io.ringway.cli;

import io.ringway.Ringway;
import io.ringway.config.ConfigException;
import io.ringway.store.StoreException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", description = "Runs the gateway in the foreground.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    Options options;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port. Default: 8077")
    Integer port;

    @Option(names = "--smpp", paramLabel = "URL", description = "An SMSC to send through, repeatable: "
            + "smpp://SYSTEM_ID:PASSWORD@HOST:PORT?window=100&throughput=0&bind=trx (docs/smpp.md). Replaces smpp.connectors.")
    java.util.List<String> smpp = new java.util.ArrayList<>();

    @Option(names = "--sip", paramLabel = "URL", description = "A SIP trunk to place calls through, repeatable, in failover order: "
            + "sip://USER:PASSWORD@HOST:PORT?transport=udp&max_calls=500&cps=20 (docs/sip.md). Replaces sip.trunks.")
    java.util.List<String> sip = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        Ringway ringway;
        try {
            ringway = Ringway.warmUpAndStart(options.load(port, smpp, sip));
        } catch (ConfigException | StoreException | IllegalStateException e) {
            System.err.println("ringway: " + e.getMessage());
            return 1;
        }
        LoggerFactory.getLogger(ServeCommand.class).info("Ringway listening on http://{}:{}", ringway.config().server().host(), ringway.port());
        ringway.firstAccount().ifPresent(created -> {
            System.out.println();
            System.out.println("First start: created account " + created.account().id() + " (\"" + created.account().name() + "\").");
            System.out.println("  API key:        " + created.apiKey());
            System.out.println("  signing secret: " + created.account().signingSecret());
            System.out.println("The key is shown only this once; Ringway stores only its hash.");
            System.out.println();
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ringway.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
