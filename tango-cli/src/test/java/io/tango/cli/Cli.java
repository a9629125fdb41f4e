package io.tango.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@code tango} in this JVM, as {@link TangoCli#main} would, with captured output: the unit tests' harness. The
 * configuration (in {@code $TANGO_CONFIG}) uses the echo plugin of the test class path, recording under a folder.
 */
final class Cli {
    /** What a run printed and returned. */
    record Result(int exitCode, String out, String err) {}

    private final Path config;
    private final boolean interactive;

    /** @param folder a fresh folder for the configuration and the echo plugin's records */
    Cli(Path folder) {
        this(folder.resolve("tango.yaml"), false);
        write(config, """
                model_management:
                  finders:
                    default: {type: ECHO}
                  initializers:
                    default: {type: ECHO}
                  trainers:
                    default: {type: ECHO, config: {directory: %s}}
                  deployment_targets:
                    echo: {type: echo, config: {directory: %s}}
                """.formatted(folder.resolve("jobs"), folder.resolve("deployments")));
    }

    private Cli(Path config, boolean interactive) {
        this.config = config;
        this.interactive = interactive;
    }

    /** @return a harness that tells the commands a person watches a terminal */
    Cli interactive() {
        return new Cli(config, true);
    }

    /** @return the configuration file every run uses (through {@code $TANGO_CONFIG}) */
    Path config() {
        return config;
    }

    Result run(String... args) {
        return runWithInput("", args);
    }

    Result runWithInput(String standardInput, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                new ByteArrayInputStream(standardInput.getBytes(StandardCharsets.UTF_8)),
                Map.of(TangoCommand.CONFIG_ENV, config.toString()),
                Optional.empty(),
                interactive);
        int exitCode = TangoCli.commandLine(context, args).execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
