package io.tango.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The distribution the package phase assembled ({@code target/tango}), and {@code bin/tango} run as a process with a
 * store of its own: {@code user.home} points at a folder of the test, so the default configuration's
 * {@code ~/.tango/local} lands there.
 *
 * @param home the distribution's folder
 * @param userHome the folder standing in for the user's home
 * @param environment extra environment variables of every run
 */
record Distribution(Path home, Path userHome, Map<String, String> environment) {
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** What a run printed and returned. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** @return the distribution built in the package phase, run with {@code userHome} as the user's home */
    static Distribution built(Path userHome) {
        String folder = System.getProperty("tango.dist");
        if (folder == null || !Files.isExecutable(Path.of(folder, "bin", "tango"))) {
            throw new IllegalStateException("no distribution at system property tango.dist=" + folder + ": run the ITs through Maven (failsafe)");
        }
        return new Distribution(Path.of(folder), userHome, Map.of());
    }

    /**
     * Writes {@code tango.yaml} in {@code userHome} configuring the local finder, trainer and deployment target on one
     * store folder, {@code userHome/store}.
     *
     * @return the configuration file, for {@code TANGO_CONFIG}
     */
    static Path localStoreConfig(Path userHome) throws IOException {
        return Files.writeString(userHome.resolve("tango.yaml"), """
                model_management:
                  finders:
                    default: {type: LOCAL, config: {root: "%1$s"}}
                  trainers:
                    default: {type: LOCAL, config: {root: "%1$s"}}
                  deployment_targets:
                    local: {type: local, config: {root: "%1$s"}}
                """.formatted(userHome.resolve("store")));
    }

    /**
     * A copy of this distribution in {@code target}, to add or remove plugins in (files are hard links when the file
     * system allows, copies otherwise). Its class-data archive is off: a copy has its own lib/ location.
     */
    Distribution copyTo(Path target) {
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path source : walk.toList()) {
                Path destination = target.resolve(home.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else if (!source.getFileName().toString().startsWith("tango.jsa")) {
                    try {
                        Files.createLink(destination, source);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(source, destination, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> environment = new HashMap<>(this.environment);
        environment.put("TANGO_CDS", "false");
        return new Distribution(target, userHome, environment);
    }

    /** Runs {@code bin/tango args} with empty standard input. */
    Run run(String... args) {
        return runWithInput("", args);
    }

    /** Runs {@code bin/tango args}, feeding {@code input} on standard input, within {@link #TIMEOUT}. */
    Run runWithInput(String input, String... args) {
        try {
            Path logs = Files.createDirectories(userHome.resolve("runs"));
            Path in = Files.writeString(Files.createTempFile(logs, "in", ".txt"), input);
            Path out = Files.createTempFile(logs, "out", ".txt");
            Path err = Files.createTempFile(logs, "err", ".txt");
            Process process = builder(args).redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("bin/tango " + String.join(" ", args) + " did not end within " + TIMEOUT
                        + "\n--- out\n" + Files.readString(out) + "--- err\n" + Files.readString(err));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts {@code bin/tango args} in the background; close the server to stop it with SIGTERM. */
    Server start(String... args) {
        try {
            Path logs = Files.createDirectories(userHome.resolve("runs"));
            Path out = Files.createTempFile(logs, "out", ".txt");
            Path err = Files.createTempFile(logs, "err", ".txt");
            Process process = builder(args).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Server(process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve("tango").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(userHome.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS", "-Duser.home=" + userHome);
        builder.environment().keySet().removeIf(name -> name.startsWith("TANGO"));
        builder.environment().putAll(environment);
        return builder;
    }

    /** A {@code bin/tango} running in the background. */
    static final class Server implements AutoCloseable {
        private final Process process;
        private final Path out;
        private final Path err;

        Server(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        /** @return standard output so far */
        String out() {
            return read(out);
        }

        /** @return standard error so far */
        String err() {
            return read(err);
        }

        /** Waits until standard output satisfies {@code ready}, failing if the process ends or the time runs out. */
        String awaitOutput(Predicate<String> ready, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                String text = out();
                if (ready.test(text)) {
                    return text;
                }
                if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("bin/tango ended with " + process.exitValue() + " before it was ready\n--- out\n" + out() + "--- err\n" + err());
                }
            }
            throw new AssertionError("bin/tango was not ready within " + timeout + "\n--- out\n" + out() + "--- err\n" + err());
        }

        /** Waits {@code time} for nothing but the process's end, failing if it ends. */
        void pause(Duration time) throws InterruptedException {
            if (process.waitFor(time.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("bin/tango ended with " + process.exitValue() + "\n--- out\n" + out() + "--- err\n" + err());
            }
        }

        /** Sends SIGTERM and waits for the exit code. */
        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/tango did not stop within 60 s of SIGTERM\n--- out\n" + out() + "--- err\n" + err());
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Deletes a folder and everything in it. */
    static void delete(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
