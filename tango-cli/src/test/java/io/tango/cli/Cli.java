package io.tango.cli;

import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

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
        return run(standardInput, OptionalInt.empty(), args);
    }

    /** Runs with picocli's help rendered at {@code width} columns, as on a terminal that wide (55 at least). */
    Result runWithHelpWidth(int width, String... args) {
        return run("", OptionalInt.of(width), args);
    }

    private Result run(String standardInput, OptionalInt helpWidth, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                new ByteArrayInputStream(standardInput.getBytes(StandardCharsets.UTF_8)),
                Map.of(TangoCommand.CONFIG_ENV, config.toString()),
                Optional.empty(),
                interactive);
        CommandLine commandLine = TangoCli.commandLine(context, args);
        helpWidth.ifPresent(commandLine::setUsageHelpWidth);
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** @return a context whose output goes nowhere, to build the command tree */
    static CliContext silentContext() {
        return new CliContext(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()),
                InputStream.nullInputStream(), Map.of(), Optional.empty(), false);
    }

    /** @return {@code root} and every command below it */
    static List<CommandLine> allCommands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        root.getSubcommands().values().forEach(sub -> all.addAll(allCommands(sub)));
        return all;
    }

    /** @return the arguments that ask for the help of {@code command}: its names below {@code tango}, then --help */
    static String[] helpArguments(CommandLine command) {
        List<String> names = List.of(command.getCommandSpec().qualifiedName().split(" "));
        List<String> args = new ArrayList<>(names.subList(1, names.size()));
        args.add("--help");
        return args.toArray(String[]::new);
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
