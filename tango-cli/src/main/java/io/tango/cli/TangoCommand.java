package io.tango.cli;

import io.tango.api.TangoException;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.config.ConfigDocument;
import io.tango.runtime.config.ConfigValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The {@code tango} command: global options, and the subcommands that do the work ({@link TangoCli#SUBCOMMANDS}).
 * Every subcommand opens one {@link TangoRuntime} from these options and closes it before it returns.
 */
@Command(
        name = "tango",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        showAtFileInUsageHelp = false,
        description = {
                "Find, load, train, run and deploy machine-learning models across MLOps platforms.",
                "",
                "Runs an embedded TANGO runtime over the plugins of the distribution's plugins/ folder (and any "
                        + "--plugin-dir), configured by conf/tango.yaml (or --config)."},
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  success",
                "  1  the operation failed (a remote service, a job, an unsupported operation)",
                "  2  usage error: an unknown command or option, a missing or malformed argument",
                "  3  not found: a model, deployment, job or deployment target",
                "  4  invalid configuration or request",
                "",
                "Environment:",
                "  TANGO_CONFIG          the configuration file when --config is not given",
                "  TANGO__<KEY_PATH>     overrides one configuration key (see the examples)",
                "  TANGO_LOG_LEVEL       the log level (default WARN; -v for DEBUG)",
                "  JAVA_HOME, JAVA_OPTS  the Java that runs bin/tango, and its options"})
@VerbatimHelp({
        "",
        "Examples:",
        "  # one configuration key overridden for one run:",
        "  TANGO__MODEL_MANAGEMENT__FINDERS__DEFAULT__CONFIG__ROOT=/data tango models find iris",
        "  # shell completion of tango's commands and options (bash, zsh):",
        "  source <(tango generate-completion)"})
public final class TangoCommand implements Runnable {
    /** The environment variable naming the configuration file when {@code --config} is not given. */
    public static final String CONFIG_ENV = "TANGO_CONFIG";

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "Configuration file (YAML or JSON, caikit's schema). Default: $TANGO_CONFIG, else the "
                    + "distribution's conf/tango.yaml, else built-in defaults.")
    private Path config;

    @Option(
            names = "--plugin-dir",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "Plugin directory: each sub-folder or loose jar in it is one isolated plugin. Repeatable. "
                    + "Default: the distribution's plugins/ folder.")
    private List<Path> pluginDirectories = new ArrayList<>();

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "Log at debug level and show stack traces of errors.")
    private boolean verbose;

    /** @param context the streams, environment and distribution folder commands use */
    public TangoCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    /** @return the streams, environment and distribution folder */
    public CliContext context() {
        return context;
    }

    /** @return whether {@code -v} was given */
    public boolean verbose() {
        return verbose;
    }

    /**
     * @return the configuration file in effect: {@code --config}, else {@code $TANGO_CONFIG}, else the distribution's
     *     {@code conf/tango.yaml} when it exists; empty for built-in defaults
     */
    public Optional<Path> configFile() {
        if (config != null) {
            return Optional.of(config);
        }
        String fromEnvironment = context.environment().get(CONFIG_ENV);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(Path.of(fromEnvironment));
        }
        return context.defaultConfigFile().filter(Files::isRegularFile);
    }

    /** @return the plugin directories in effect: every {@code --plugin-dir}, else the distribution's plugins/ */
    public List<Path> pluginDirectories() {
        if (!pluginDirectories.isEmpty()) {
            return List.copyOf(pluginDirectories);
        }
        return context.defaultPluginDirectory().filter(Files::isDirectory).map(List::of).orElse(List.of());
    }

    /**
     * @return the plugin directories the configuration file in effect names ({@code plugins.directories}), or none when
     *     there is no file or it is too broken to name them
     */
    public List<Path> configuredPluginDirectories() {
        Optional<Path> file = configFile();
        if (file.isEmpty()) {
            return List.of();
        }
        try {
            return ConfigValidator.pluginSettings(ConfigDocument.load(file.get()).withEnvironment(context.environment()))
                    .directories();
        } catch (TangoException e) {
            // Listing and describing plugins still work over the other directories; 'config check' names the problem.
            return List.of();
        }
    }

    /**
     * Opens a runtime over the configuration file and plugin directories in effect.
     *
     * @return the runtime; the caller closes it
     * @throws io.tango.api.InvalidConfigException listing every configuration problem
     * @throws io.tango.api.PluginLoadException in strict mode, if a plugin is broken or two declare the same type
     */
    public TangoRuntime openRuntime() {
        return openRuntime(configFile());
    }

    /**
     * Opens a runtime over a given configuration file (or built-in defaults) and the plugin directories in effect.
     *
     * @param configFile the configuration, or empty for built-in defaults
     * @return the runtime; the caller closes it
     */
    public TangoRuntime openRuntime(Optional<Path> configFile) {
        if (config != null && configFile.equals(Optional.of(config)) && !Files.exists(config) && config.toString().contains("=")) {
            throw new ParameterException(spec.commandLine(), "--config names tango's configuration file, and there is no file '"
                    + config + "'; a deployment setting is given with -C " + config);
        }
        TangoRuntime.Builder builder = TangoRuntime.builder().environment(context.environment());
        configFile.ifPresent(builder::configFile);
        pluginDirectories().forEach(builder::pluginDirectory);
        return builder.build();
    }

    /**
     * Runs without a subcommand: a usage error that points at the help.
     *
     * @throws ParameterException always
     */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }
}
