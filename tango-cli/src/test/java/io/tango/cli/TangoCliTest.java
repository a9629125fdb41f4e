package io.tango.cli;

import io.tango.cli.Cli.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a whole: help, usage errors, exit codes, -v, completion. */
class TangoCliTest {
    @TempDir
    Path folder;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(folder);
    }

    @Test
    void helpListsEverySubcommandAndTheExitCodes() {
        Result result = cli.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: tango [-hvV] [--config=FILE] [--plugin-dir=DIR]... [COMMAND]\n")
                .contains("  plugins ", "  config ", "  models ", "  train ", "  jobs ", "  deployments ", "  serve ",
                        "  quickstart ", "  generate-completion ")
                .contains("Exit codes:\n  0  success\n  1  the operation failed");
    }

    @Test
    void everyCommandHasACompleteHelp() {
        List<String> missing = new ArrayList<>();
        for (CommandLine command : Cli.allCommands(TangoCli.commandLine(Cli.silentContext()))) {
            String name = command.getCommandSpec().qualifiedName();
            Result result = cli.run(Cli.helpArguments(command));
            if (result.exitCode() != 0 || !result.out().startsWith("Usage: " + name) || command.getCommandSpec().usageMessage().description().length == 0) {
                missing.add(name);
            }
            command.getCommandSpec().options().stream()
                    .filter(option -> option.description().length == 0 || option.description()[0].isBlank())
                    .forEach(option -> missing.add(name + " " + option.longestName()));
            command.getCommandSpec().positionalParameters().stream()
                    .filter(parameter -> parameter.description().length == 0)
                    .forEach(parameter -> missing.add(name + " " + parameter.paramLabel()));
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Result result = cli.run("modles");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).isEqualTo("""
                error: Unmatched argument at index 0: 'modles'
                Did you mean: tango models or tango generate-completion?
                Try 'tango --help' for more information.
                """);
    }

    @Test
    void noCommandIsAUsageError() {
        Result result = cli.run();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).isEqualTo("error: a command is required\nTry 'tango --help' for more information.\n");
    }

    @Test
    void globalOptionsGoBeforeOrAfterTheSubcommand() {
        Path other = Cli.write(folder.resolve("other.yaml"), "model_management: {finders: {default: {type: ECHO}}}\n");

        assertThat(cli.run("--config", other.toString(), "config", "check").out()).isEqualTo(other + ": valid (1 instance configured)\n");
        assertThat(cli.run("config", "check", "--config", other.toString()).out()).isEqualTo(other + ": valid (1 instance configured)\n");
    }

    @Test
    void errorsAreOneLineAndVerboseAddsTheStackTrace() {
        Result quiet = cli.run("models", "find", "nowhere");
        Result verbose = cli.run("-v", "models", "find", "nowhere");

        assertThat(quiet.err()).isEqualTo("error: model 'nowhere' was not found by finder 'default'\n");
        assertThat(verbose.err()).startsWith("error: model 'nowhere' was not found by finder 'default'\n"
                + "io.tango.api.ModelNotFoundException: model 'nowhere' was not found by finder 'default'\n\tat ");
        assertThat(verbose.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void aMissingConfigurationFileIsAnInvalidConfiguration() {
        Result result = cli.run("--config", folder.resolve("missing.yaml").toString(), "models", "find", "echo");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.err()).isEqualTo("error: Invalid configuration: configuration file " + folder.resolve("missing.yaml") + " does not exist\n");
    }

    @Test
    void versionNamesTheJava() {
        Result result = cli.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("tango ").contains("\nJava " + System.getProperty("java.version"));
    }

    @Test
    void generatesABashCompletionScriptForEveryCommand() {
        Result result = cli.run("generate-completion");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_tango -o default tango")
                .contains("function _picocli_tango_deployments_create()")
                .contains("--model-uri");
    }

    @Test
    void findsTheSubcommandNameAfterTheGlobalOptions() {
        assertThat(TangoCli.subcommandName(new String[] {"--config", "plugins", "-v", "models", "find"})).isEqualTo("models");
        assertThat(TangoCli.subcommandName(new String[] {"--config=x.yaml", "--plugin-dir", "p", "train", "x"})).isEqualTo("train");
        assertThat(TangoCli.subcommandName(new String[] {"--help"})).isNull();
        assertThat(TangoCli.subcommandName(new String[] {"modles"})).isNull();
    }
}
