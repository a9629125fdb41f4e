package io.tango.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tango config}: the configuration's commands. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Checks configuration files.",
        subcommands = ConfigCheckCommand.class)
public final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: check");
    }
}
