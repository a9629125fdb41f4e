package io.tango.cli;

import io.tango.cli.command.ConfigCommand;
import io.tango.cli.command.DeploymentsCommand;
import io.tango.cli.command.JobsCommand;
import io.tango.cli.command.ModelsCommand;
import io.tango.cli.command.PluginsCommand;
import io.tango.cli.command.QuickstartCommand;
import io.tango.cli.command.ServeCommand;
import io.tango.cli.command.TrainCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The entry point of {@code tango}: builds the picocli command line over a {@link CliContext}, runs it, and turns
 * every error into one line on standard error and an exit code (see {@link ExitCodes}); stack traces only with
 * {@code -v}.
 */
public final class TangoCli {
    /** Every subcommand of {@code tango}, by name, in the order {@code tango --help} lists them. */
    public static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    /** The global options that take a value, so the subcommand's name can be told from their values. */
    private static final Set<String> GLOBAL_OPTIONS_WITH_VALUE = Set.of("--config", "--plugin-dir");
    private static final String COMPLETION = "generate-completion";

    private TangoCli() {}

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("plugins", PluginsCommand.class);
        commands.put("config", ConfigCommand.class);
        commands.put("models", ModelsCommand.class);
        commands.put("train", TrainCommand.class);
        commands.put("jobs", JobsCommand.class);
        commands.put("deployments", DeploymentsCommand.class);
        commands.put("serve", ServeCommand.class);
        commands.put("quickstart", QuickstartCommand.class);
        commands.put(COMPLETION, AutoComplete.GenerateCompletion.class);
        return Collections.unmodifiableMap(commands);
    }

    /**
     * Runs {@code tango} and exits the JVM with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        Logging.initializeInBackground();
        int exitCode = commandLine(CliContext.system(), args).execute(args);
        System.exit(exitCode);
    }

    /**
     * @param context the streams, environment and distribution folder to run with
     * @return the {@code tango} command line, ready to {@link CommandLine#execute}
     */
    public static CommandLine commandLine(CliContext context) {
        return commandLine(context, SUBCOMMANDS.keySet());
    }

    /**
     * Builds the command line with only the subcommand {@code args} name, when they name one: picocli builds a
     * command's model by reflection, and a command that starts in a fraction of a second cannot build thirty. Help,
     * completion, and anything that is not a known subcommand get them all.
     *
     * @param context the streams, environment and distribution folder to run with
     * @param args the command line about to run
     * @return the {@code tango} command line, ready to {@code execute(args)}
     */
    public static CommandLine commandLine(CliContext context, String[] args) {
        requireNonNull(args, "args is null");
        String name = subcommandName(args);
        return commandLine(context, name == null || name.equals(COMPLETION) ? SUBCOMMANDS.keySet() : Set.of(name));
    }

    /** @return the first argument that is not a global option or its value, if it names a subcommand */
    static String subcommandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (GLOBAL_OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return SUBCOMMANDS.containsKey(arg) ? arg : null;
            }
        }
        return null;
    }

    private static CommandLine commandLine(CliContext context, Set<String> names) {
        requireNonNull(context, "context is null");
        TangoCommand tango = new TangoCommand(context);
        CommandLine commandLine = new CommandLine(tango);
        for (Map.Entry<String, Class<?>> subcommand : SUBCOMMANDS.entrySet()) {
            if (names.contains(subcommand.getKey())) {
                commandLine.addSubcommand(subcommand.getKey(), subcommand.getValue());
            }
        }
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(context.interactive() ? Ansi.AUTO : Ansi.OFF));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setUsageHelpAutoWidth(context.interactive());
        commandLine.setAbbreviatedOptionsAllowed(false);
        commandLine.setParameterExceptionHandler(usageErrors());
        commandLine.setExecutionExceptionHandler(failures(tango));
        commandLine.setExecutionStrategy(parseResult -> {
            // No command runs before java.util.logging is bridged: plugins (ONNX Runtime, Tribuo) log through it.
            Logging.awaitInitialized();
            if (tango.verbose()) {
                Logging.verbose();
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        CommandLine completion = commandLine.getSubcommands().get(COMPLETION);
        if (completion != null) {
            completion.getCommandSpec().usageMessage()
                    .hidden(false)
                    .description("Prints a bash/zsh completion script for tango (see the example to load it).");
            VerbatimHelpSection.add(completion, List.of("", "Example:", "  source <(tango generate-completion)"));
        }
        VerbatimHelpSection.addDeclared(commandLine);
        return commandLine;
    }

    private static IParameterExceptionHandler usageErrors() {
        return (ParameterException error, String[] args) -> {
            CommandLine command = error.getCommandLine();
            PrintWriter err = command.getErr();
            err.println("error: " + error.getMessage());
            UnmatchedArgumentException.printSuggestions(error, err);
            err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        };
    }

    private static IExecutionExceptionHandler failures(TangoCommand tango) {
        return (Exception error, CommandLine command, ParseResult parseResult) -> {
            PrintWriter err = command.getErr();
            err.println("error: " + message(error));
            if (tango.verbose()) {
                error.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.of(error);
        };
    }

    /** The message of an error, or its type when it has none (a bug rather than a failure). */
    static String message(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return error.getClass().getName() + (error.getCause() != null ? ": " + message(error.getCause()) : "");
        }
        return message;
    }
}
