package io.ringway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * An npm package the tests run (the official JS clients, the SMSC simulator): its sources under src/test are copied
 * to target and installed with {@code npm ci}, unless that copy already has node_modules for the same lockfile.
 */
public final class NodePackage {
    private NodePackage() {}

    /** {@code why}: what needs Node.js, for the message when node or npm is missing. */
    public static synchronized void install(Path sources, Path target, String why) {
        requireTool("node", why);
        requireTool("npm", why);
        try {
            Files.createDirectories(target);
            byte[] lock = Files.readAllBytes(sources.resolve("package-lock.json"));
            Path installedLock = target.resolve("package-lock.json");
            boolean fresh = Files.isDirectory(target.resolve("node_modules"))
                    && Files.exists(installedLock) && Arrays.equals(lock, Files.readAllBytes(installedLock));
            try (var files = Files.list(sources)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (fresh) return;
            TestGateway.deleteTree(target.resolve("node_modules"));
            Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(target.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("npm ci in " + target.toAbsolutePath() + " failed (" + why + "):\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void requireTool(String tool, String why) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) return;
        } catch (IOException e) {
            // reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("'" + tool + "' is not on the PATH: " + why
                + "; that needs Node.js >= 18 with npm (CI's .ci/run installs the nodejs and npm packages)");
    }
}
