package io.tango.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a command reads and writes besides its arguments: the standard streams, the environment, the distribution's
 * home folder, and whether a person is watching a terminal.
 *
 * <p>{@link #system()} is the real process; tests build their own to capture output. Immutable; the streams are
 * shared and not thread-safe beyond what {@link PrintWriter} guarantees.
 *
 * @param out standard output: results
 * @param err standard error: errors, warnings and progress
 * @param in standard input: request bodies when no input is given
 * @param environment the environment ({@code TANGO__…} variables override config keys)
 * @param home the distribution's folder ({@code bin/}, {@code conf/}, {@code plugins/}), when running from one
 * @param interactive whether a terminal is attached (progress bars instead of plain lines)
 */
public record CliContext(
        PrintWriter out,
        PrintWriter err,
        InputStream in,
        Map<String, String> environment,
        Optional<Path> home,
        boolean interactive) {

    /** The system property the launcher sets to the distribution's folder. */
    public static final String HOME_PROPERTY = "tango.home";

    public CliContext {
        requireNonNull(out, "out is null");
        requireNonNull(err, "err is null");
        requireNonNull(in, "in is null");
        environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        requireNonNull(home, "home is null");
    }

    /** @return the context of this process: its streams, environment, {@value #HOME_PROPERTY} and console */
    public static CliContext system() {
        String home = System.getProperty(HOME_PROPERTY);
        return new CliContext(
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true),
                System.in,
                System.getenv(),
                home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home)),
                System.console() != null);
    }

    /** @return the distribution's default configuration file, {@code <home>/conf/tango.yaml}, if running from one */
    public Optional<Path> defaultConfigFile() {
        return home.map(folder -> folder.resolve("conf").resolve("tango.yaml"));
    }

    /** @return the distribution's plugin directory, {@code <home>/plugins}, if running from one */
    public Optional<Path> defaultPluginDirectory() {
        return home.map(folder -> folder.resolve("plugins"));
    }
}
