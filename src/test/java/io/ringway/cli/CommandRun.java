package io.ringway.cli;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One {@code ringway} command run in this JVM, as the shell would run it: its exit code and what it printed. */
record CommandRun(int exit, String out, String err) {
    static CommandRun of(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new Main()).execute(args);
            return new CommandRun(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** A fresh data directory for the commands to work on. */
    static Path dataDir() {
        try {
            return Files.createTempDirectory("ringway-cli");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
